import { browser } from "@web/core/browser/browser";
import { registry } from "@web/core/registry";
import { standardWidgetProps } from "@web/views/widgets/standard_widget_props";

import { Component, onMounted, onWillUnmount, xml } from "@odoo/owl";

// seconds between two reloads of a running billing run's form
const INTERVAL = 3000;

/**
 * Invisible widget of the billing run's form: while the run is running (its
 * jobs work in background), the record is reloaded every few seconds, so the
 * progress bar and the job counters move without reloading the page.
 */
export class RecurringBillingAutoRefresh extends Component {
    static props = standardWidgetProps;
    static template = xml`<span class="d-none o_recurring_billing_autorefresh"/>`;

    setup() {
        onMounted(() => {
            this.timer = browser.setInterval(() => this.refresh(), INTERVAL);
        });
        onWillUnmount(() => browser.clearInterval(this.timer));
    }

    async refresh() {
        const record = this.props.record;
        if (record.data.state !== "running" || record.dirty) {
            return;
        }
        await record.load();
    }
}

registry.category("view_widgets").add("recurring_billing_autorefresh", {
    component: RecurringBillingAutoRefresh,
});
