from odoo import Command, api, models


class RecurringInvoiceBuilder(models.AbstractModel):
    """The one builder of the customer invoices the suite creates.

    Contract installments (the billing run), intervention extras, helpdesk
    over-quota extras and bank-return fees all get their header and their
    lines here, so that the same contract and customer always give the same
    recipient, fiscal position, payment term, e-invoice data and competence.

    Callers add what is theirs through the named hooks below, never through
    the context:

    - :meth:`_contract_header_values`: header values a contract adds (e.g. the
      collection method and mandate of ``sepa_rid_cbi``);
    - the ``extra`` keyword values of :meth:`_line_values` (links of their own
      records, such as ``recurring_installment_id``);
    - ``values`` of :meth:`_invoice_values` for header values of the caller.
    """

    _name = "recurring.invoice.builder"
    _description = "Customer Invoice Builder"

    # ------------------------------------------------------------------
    # recipient and fiscal position
    # ------------------------------------------------------------------
    @api.model
    def _recipient(self, contracts, partner=None):
        """Who the invoice goes to: the contracts' invoice recipient, else the
        commercial entity of ``partner``."""
        contract = contracts[:1]
        if contract:
            return contract.invoice_partner_id
        return partner.commercial_partner_id

    @api.model
    def _fiscal_position(self, contracts, partner=None, company=None, cache=None):
        """The contract's fiscal position, or the one Odoo deduces for the
        recipient; deduced once per distinct set of the partner data it reads
        when ``cache`` (a dict kept by the caller) is given."""
        contract = contracts[:1]
        if contract.fiscal_position_id:
            return contract.fiscal_position_id
        company = contract.company_id or company or self.env.company
        recipient = self._recipient(contracts, partner).with_company(company)
        key = (
            company.id,
            recipient.property_account_position_id.id,
            recipient.country_id.id,
            recipient.state_id.id,
            recipient.zip,
            (recipient.vat or "")[:2],
        )
        if cache is None:
            cache = {}
        if key not in cache:
            cache[key] = (
                self.env["account.fiscal.position"]
                .with_company(company)
                ._get_fiscal_position(recipient)
            )
        return cache[key]

    # ------------------------------------------------------------------
    # header
    # ------------------------------------------------------------------
    @api.model
    def _contract_header_values(self, contract):
        """Hook: header values the (first) contract of an invoice adds."""
        return {}

    @api.model
    def _header_values(
        self,
        contracts,
        *,
        invoice_date,
        journal,
        fiscal_position,
        partner=None,
        company=None,
        document_type=False,
        use_cup_cig=True,
        origin=None,
    ):
        """Header of a customer invoice for ``contracts`` (one recipient), or
        for ``partner`` alone when no contract is involved."""
        contract = contracts[:1].with_prefetch(contracts._prefetch_ids)  # [:1] drops it
        recipient = self._recipient(contract, partner)
        company = contract.company_id or company or journal.company_id
        payment_term = (
            contract.payment_term_id
            if contract
            else recipient.with_company(company).property_payment_term_id
        )
        values = {
            "move_type": "out_invoice",
            "company_id": company.id,
            "partner_id": recipient.id,
            "journal_id": journal.id,
            "invoice_date": invoice_date,
            "date": invoice_date,
            "currency_id": (contract.currency_id or journal.currency_id or company.currency_id).id,
            "invoice_payment_term_id": payment_term.id,
            "fiscal_position_id": fiscal_position.id,
            "invoice_origin": origin or ", ".join(contracts.mapped("name")) or False,
            "ref": ", ".join(filter(None, contracts.mapped("client_order_ref"))) or False,
            "recurring_document_type": document_type or False,
        }
        if contract:
            values.update(
                {
                    "l10n_it_origin_document_type": "contract",
                    "l10n_it_origin_document_name": contract.name[:20],
                    "l10n_it_origin_document_date": contract.date_start,
                }
            )
            if use_cup_cig:
                values["l10n_it_cup"] = contract.l10n_it_cup
                values["l10n_it_cig"] = contract.l10n_it_cig
            values.update(self._contract_header_values(contract))
        return values

    # ------------------------------------------------------------------
    # lines
    # ------------------------------------------------------------------
    @api.model
    def _line_values(
        self,
        contract,
        fiscal_position,
        *,
        name,
        price_unit,
        product=None,
        quantity=1.0,
        start=False,
        end=False,
        **extra,
    ):
        """One invoice line: the contract's product when none is given, the
        contract type's revenue account mapped by the fiscal position, the
        competence dates and the contract link. ``extra`` carries the caller's
        own fields (its links)."""
        if product is None or not product:
            product = contract._default_invoice_product()
        currency = contract.currency_id or self.env.company.currency_id
        line = {
            "product_id": product.id,
            "name": name,
            "quantity": quantity,
            "price_unit": currency.round(price_unit),
            "recurring_contract_id": contract.id,
            "competence_date_start": start,
            "competence_date_end": end,
            **extra,
        }
        revenue_account = contract.type_id.with_company(contract.company_id).revenue_account_id
        if revenue_account:
            line["account_id"] = fiscal_position.map_account(revenue_account).id
        return line

    @api.model
    def _invoice_values(self, contracts, lines, values=None, **header):
        """Header (see :meth:`_header_values`) and ``lines`` (dicts from
        :meth:`_line_values` or sections) of one invoice, plus the caller's
        ``values``."""
        invoice = self._header_values(contracts, **header)
        invoice["invoice_line_ids"] = [Command.create(line) for line in lines]
        invoice.update(values or {})
        return invoice

    # ------------------------------------------------------------------
    # creation
    # ------------------------------------------------------------------
    @api.model
    def _create_invoices(self, values_list, sources=None):
        """Create the invoices in one batch.

        Instead of Odoo's creation message and the creator's subscription on
        every invoice (one full ``message_post`` each), one note per invoice
        is logged in a single batch: ``sources`` gives, per index of
        ``values_list``, the text naming where the invoice comes from."""
        moves = (
            self.env["account.move"]
            .with_context(
                default_move_type="out_invoice",
                check_move_validity=False,
                mail_create_nolog=True,
                mail_create_nosubscribe=True,
                mail_notrack=True,
            )
            .create(values_list)
            .with_env(self.env)
        )
        if sources:
            moves._message_log_batch(
                bodies={move.id: body for move, body in zip(moves, sources, strict=True)}
            )
        return moves
