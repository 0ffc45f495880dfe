import { registry } from "@web/core/registry";
import { formView } from "@web/views/form/form_view";
import { FormController } from "@web/views/form/form_controller";
import { usePager } from "@web/search/pager_hook";

/**
 * The call screen is one transient record of the operator: a pager over
 * "1 / 1" means nothing there, so the control panel gets none.
 */
export class CallScreenFormController extends FormController {
    setup() {
        super.setup();
        // a second pager state, empty, replaces the form's for the control panel
        usePager(() => null);
    }
}

registry.category("views").add("helpdesk_call_screen_form", {
    ...formView,
    Controller: CallScreenFormController,
});
