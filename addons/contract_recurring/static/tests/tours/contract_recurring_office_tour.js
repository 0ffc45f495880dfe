import { registry } from "@web/core/registry";
import { formatDate } from "@web/core/l10n/dates";

const { DateTime } = luxon;

/**
 * The office's main path: create a contract, activate it, preview the
 * billing run, confirm it and open the invoice it made.
 */
registry.category("web_tour.tours").add("contract_recurring_office_tour", {
    steps: () => {
        const validTo = formatDate(DateTime.now().plus({ years: 1 }).minus({ days: 1 }));
        return [
            {
                content: "Customer",
                trigger: ".o_field_widget[name=partner_id] input",
                run: "edit Studio Tour",
            },
            {
                content: "Pick the customer",
                trigger: ".o-autocomplete--dropdown-item a:contains('Studio Tour S.r.l.')",
                run: "click",
            },
            {
                content: "Contract type",
                trigger: ".o_field_widget[name=type_id] input",
                run: "edit Tour - Manutenzione",
            },
            {
                content: "Pick the contract type",
                trigger: ".o-autocomplete--dropdown-item a:contains('Tour - Manutenzione')",
                run: "click",
            },
            {
                content: "Valid to",
                trigger: ".o_field_widget[name=date_end] input",
                run: `edit ${validTo}`,
            },
            {
                content: "Leave the date field",
                trigger: ".o_form_sheet .oe_title",
                run: "click",
            },
            {
                content: "Add a service line",
                trigger: ".o_field_widget[name=line_ids] .o_field_x2many_list_row_add a",
                run: "click",
            },
            {
                content: "Service",
                trigger: ".o_field_widget[name=line_ids] .o_selected_row .o_field_widget[name=product_id] input",
                run: "edit Assistenza Tour",
            },
            {
                content: "Pick the service",
                trigger: ".o-autocomplete--dropdown-item a:contains('Assistenza Tour')",
                run: "click",
            },
            {
                content: "Yearly price",
                trigger: ".o_field_widget[name=line_ids] .o_selected_row .o_field_widget[name=price_unit] input",
                run: "edit 1200",
            },
            {
                content: "Save the contract",
                trigger: ".o_form_button_save",
                run: "click",
            },
            {
                content: "Activate it",
                trigger: ".o_form_saved button[name=action_activate]",
                run: "click",
            },
            {
                content: "The contract is active: it can be suspended now",
                trigger: "button[name=action_suspend]",
            },
            {
                content: "Open the installment plan",
                trigger: ".o_notebook a.nav-link:contains('Installments')",
                run: "click",
            },
            {
                content: "Its installment plan has the yearly installment",
                trigger: ".o_field_widget[name=installment_ids] .o_data_row",
            },
            {
                content: "Open the Billing menu",
                trigger: ".o_main_navbar button:contains('Billing')",
                run: "click",
            },
            {
                content: "Open the billing run",
                trigger: ".dropdown-item:contains('Contract Billing')",
                run: "click",
            },
            {
                content: "Only this customer",
                trigger: ".modal .o_field_widget[name=partner_id] input",
                run: "edit Studio Tour",
            },
            {
                content: "Pick the customer",
                trigger: ".o-autocomplete--dropdown-item a:contains('Studio Tour S.r.l.')",
                run: "click",
            },
            {
                content: "Compute the preview",
                trigger: ".modal button[name=action_compute]",
                run: "click",
            },
            {
                content: "The preview lists the contract's invoice",
                trigger: ".modal .o_field_widget[name=line_ids] .o_data_row:contains('Studio Tour S.r.l.')",
            },
            {
                content: "Create the invoices",
                trigger: ".modal button[name=action_confirm]",
                run: "click",
            },
            {
                content: "Open the created invoice",
                trigger: ".o_list_renderer .o_data_row:contains('Studio Tour S.r.l.') td[name=amount_untaxed_in_currency_signed]",
                run: "click",
            },
            {
                content: "The invoice bills the contract's service",
                trigger: ".o_form_view .o_field_widget[name=invoice_line_ids] .o_data_row:contains('Assistenza Tour')",
            },
        ];
    },
});
