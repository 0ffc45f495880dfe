import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("helpdesk_quota_portal_tour", {
    url: "/my/tickets",
    steps: () => [
        {
            content: "The contract box shows no request used yet",
            trigger: ".o_helpdesk_quota_box .o_helpdesk_quota_used:contains('0')",
        },
        {
            content: "Available requests before submitting",
            trigger: ".o_helpdesk_quota_box .o_helpdesk_quota_available:contains('2')",
        },
        {
            content: "Open the new ticket form",
            trigger: "button[name='create_new_ticket']",
            run: "click",
        },
        {
            content: "Subject",
            trigger: "form[action='/submitted/ticket'] input[name='subject']",
            run: "edit Tour: la stampante non stampa",
        },
        {
            content: "Description",
            trigger: "form[action='/submitted/ticket'] textarea[name='description']",
            run: "edit La stampante di rete non risponde da ieri.",
        },
        {
            content: "Submit",
            trigger: "form[action='/submitted/ticket'] button[type='submit']",
            run: "click",
        },
        {
            content: "The ticket page is shown",
            trigger: "h3:contains('Tour: la stampante non stampa')",
        },
        {
            content: "Back to the list",
            trigger: "a[href^='/my/tickets']",
            run: "click",
        },
        {
            content: "One request used now",
            trigger: ".o_helpdesk_quota_box .o_helpdesk_quota_used:contains('1')",
        },
        {
            content: "One request still available",
            trigger: ".o_helpdesk_quota_box .o_helpdesk_quota_available:contains('1')",
        },
    ],
});
