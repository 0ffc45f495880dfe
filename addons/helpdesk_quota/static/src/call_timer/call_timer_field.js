import { Component, onWillUnmount, useState } from "@odoo/owl";
import { registry } from "@web/core/registry";
import { standardFieldProps } from "@web/views/fields/standard_field_props";

const { DateTime } = luxon;

/** Whole seconds as H:MM:SS. */
export function formatElapsed(seconds) {
    const total = Math.max(0, Math.floor(seconds));
    const hours = Math.floor(total / 3600);
    const minutes = Math.floor((total % 3600) / 60);
    const secs = total % 60;
    return `${hours}:${String(minutes).padStart(2, "0")}:${String(secs).padStart(2, "0")}`;
}

/**
 * A running clock from a datetime field (the call's start) to now, or to
 * the datetime of ``end_field`` once the call is closed.
 */
export class CallTimerField extends Component {
    static template = "helpdesk_quota.CallTimerField";
    static props = {
        ...standardFieldProps,
        endField: { type: String, optional: true },
    };

    setup() {
        this.state = useState({ now: DateTime.now() });
        this.interval = setInterval(() => {
            this.state.now = DateTime.now();
        }, 1000);
        onWillUnmount(() => clearInterval(this.interval));
    }

    get start() {
        return this.props.record.data[this.props.name];
    }

    get end() {
        return (this.props.endField && this.props.record.data[this.props.endField]) || null;
    }

    get running() {
        return Boolean(this.start) && !this.end;
    }

    get elapsed() {
        if (!this.start) {
            return "";
        }
        const end = this.end || this.state.now;
        return formatElapsed(end.diff(this.start, "seconds").seconds);
    }
}

export const callTimerField = {
    component: CallTimerField,
    displayName: "Call Timer",
    supportedTypes: ["datetime"],
    extractProps: ({ options }) => ({ endField: options.end_field }),
};

registry.category("fields").add("helpdesk_call_timer", callTimerField);
