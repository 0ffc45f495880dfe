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
            content: "submit once the name is drawn as the signature",
            trigger: ".modal.show .o_portal_sign_submit:enabled",
            async run(helpers) {
                // The pad clears and redraws the name (asynchronously) when the
                // modal has finished opening: wait for it to settle and be drawn.
                const canvas = document.querySelector(".modal.show canvas");
                const blank = document.createElement("canvas");
                blank.width = canvas.width;
                blank.height = canvas.height;
                await new Promise((resolve) => setTimeout(resolve, 800));
                for (let i = 0; i < 40 && canvas.toDataURL() === blank.toDataURL(); i++) {
                    await new Promise((resolve) => setTimeout(resolve, 100));
                }
                await helpers.click();
            },
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
