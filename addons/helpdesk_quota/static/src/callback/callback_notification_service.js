import { registry } from "@web/core/registry";
import { _t } from "@web/core/l10n/translation";

/**
 * Pushes the customers' "call me free" requests to the operators: a sticky
 * notification that opens the call screen prefilled.
 */
export const helpdeskCallbackService = {
    dependencies: ["bus_service", "notification", "action", "orm"],
    start(env, { bus_service, notification, action, orm }) {
        bus_service.subscribe("helpdesk_quota.callback", ({ id, title, message }) => {
            const close = notification.add(message, {
                title,
                sticky: true,
                type: "warning",
                buttons: [
                    {
                        name: _t("Open the call screen"),
                        primary: true,
                        onClick: async () => {
                            close();
                            const screenAction = await orm.call(
                                "helpdesk.callback.request",
                                "action_open_call_screen",
                                [[id]]
                            );
                            await action.doAction(screenAction);
                        },
                    },
                ],
            });
        });
        bus_service.start();
    },
};

registry.category("services").add("helpdesk_quota_callback", helpdeskCallbackService);
