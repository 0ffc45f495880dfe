import { registry } from "@web/core/registry";

/**
 * The technician on a phone: the day's interventions as cards, one opened,
 * closed with the hours worked, a note and the customer's name, confirmed
 * with a button in sight (not in the gear menu).
 */
registry.category("web_tour.tours").add("field_service_rounds_technician_tour", {
    steps: () => [
        {
            content: "The interventions are cards on a phone",
            trigger: ".o_kanban_view .o_kanban_record:contains('Ferramenta Rossi S.r.l.')",
            run: "click",
        },
        {
            content: "The main action is in sight on the form",
            trigger: ".o_form_sheet .o_field_intervention_mobile_actions button[name=action_open_closing]",
            run: "click",
        },
        {
            content: "Hours worked",
            trigger: ".o_form_sheet .o_field_widget[name=actual_hours] input",
            run: "edit 1:30",
        },
        {
            content: "What was done",
            trigger: ".o_form_sheet .o_field_widget[name=closing_notes] textarea",
            run: "edit Sostituito il filtro, impianto funzionante.",
        },
        {
            content: "Who signs for the customer",
            trigger: ".o_form_sheet .o_field_widget[name=signed_by] input",
            run: "edit Mario Rossi",
        },
        {
            content: "Confirm the closing with the button at the end of the form",
            trigger: ".o_form_sheet .o_field_intervention_mobile_actions button[name=action_close]",
            run: "click",
        },
        {
            content: "Closed: the confirm button is gone",
            trigger: ".o_form_sheet:not(:has(button[name=action_close]))",
        },
    ],
});
