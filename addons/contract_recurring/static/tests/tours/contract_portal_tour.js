import { registry } from "@web/core/registry";

// Data from TestContractPortalTour: a contract sent for signature with one
// invoice billed.
registry.category("web_tour.tours").add("contract_recurring_portal", {
    url: "/my/contracts",
    steps: () => [
        {
            content: "open the contract",
            trigger: "a:contains(/^CTR\\//)",
            run: "click",
        },
        {
            content: "the installment plan is there",
            trigger: "#contract_plan_table tbody tr:nth-child(4)",
        },
        {
            content: "the billed invoice is listed with its state",
            trigger: "#contract_invoices_table a:contains(/^INV\\//)",
        },
        {
            content: "sign",
            trigger: "#contract_sign_button",
            run: "click",
        },
        {
            content: "choose a signature style",
            trigger: ".modal .o_web_sign_auto_select_style button",
            run: "click",
        },
        {
            trigger: ".o-dropdown-item:eq(1)",
            run: "click",
        },
        {
            content: "submit the signature",
            trigger: ".modal .o_portal_sign_submit:enabled",
            run: "click",
        },
        {
            content: "signed",
            trigger: "#contract_signature img",
        },
        {
            content: "ask for the renewal",
            trigger: "select#contract_request_type",
            run: "select renewal",
        },
        {
            trigger: "textarea#contract_request_note",
            run: "edit Please renew for two years",
        },
        {
            trigger: "#contract_request_submit",
            run: "click",
        },
        {
            content: "the request is pending",
            trigger: "#contract_requests_table tr:contains(Please renew for two years) .text-bg-warning",
        },
    ],
});
