/// The primary and secondary keys page (seed 004, "the Portal"): each slot's key, and for a user
/// holding `keys:manage` its regenerate form. Regenerating stops that slot's previous key at once
/// and leaves the other slot untouched, so services move to the other slot first.
struct ConsoleSlotsPage {
    let page: ConsolePage
    let principal: Principal
    let slots: [(name: String, record: KeyRecord?)]
    let reveal: ConsoleReveal?
    let problem: ConsoleProblem?

    var mayManage: Bool { principal.effectiveScopes.allows(Scope("keys:manage")!) }

    /// The page.
    func response() -> APIResponse {
        let content =
            "<h1>Primary &amp; secondary keys</h1>"
            + "<p class=\"muted\">Two keys for your workspace, so you can rotate without downtime: move your services "
            + "to one slot, regenerate the other, then move back.</p>" + (reveal?.html ?? "")
            + slots.map(section).joined()
        return page.page(.slots, principal: principal, status: problem?.status ?? 200, content: content)
    }

    func section(_ slot: (name: String, record: KeyRecord?)) -> String {
        let title = slot.name == "primary" ? "Primary key" : "Secondary key"
        let details =
            slot.record.map { record in
                "<dl><dt>Prefix</dt><dd><code>\(HTMLText.escape(record.prefix))…</code></dd>"
                    + "<dt>Created</dt><dd>\(ConsoleKeysPage.date(record.createdAt))</dd>"
                    + "<dt>Scopes</dt><dd>\(HTMLText.escape(record.scopes.description))</dd></dl>"
            } ?? "<p>No key in this slot yet.</p>"
        let form =
            mayManage
            ? page.confirmedForm(
                "/console/slots/\(slot.name)/regenerate", rowID: slot.name,
                label: slot.record == nil ? "Yes, generate it" : "Yes, the current \(slot.name) key stops at once",
                button: (slot.record == nil ? "Generate" : "Regenerate") + " \(slot.name) key", problem: problem,
                buttonID: "regenerate-\(slot.name)") : ""
        return "<section aria-labelledby=\"slot-\(slot.name)\"><h2 id=\"slot-\(slot.name)\">\(title)</h2>"
            + details + form + "</section>"
    }
}
