/// The tenants page of a platform administrator (issue 14: "platform administrators see the tenant
/// list"): the tenant directory, newest first, a page at a time, as `GET /v1/admin/tenants` lists
/// it. Read-only, and nothing of a tenant's own data: an administrator is no tenant's member.
struct ConsoleTenantsPage {
    /// Tenants on one page.
    static let pageSize = 50

    let page: ConsolePage
    let admin: PlatformAdminCaller
    let records: [TenantRecord]
    /// Where the next page starts; nil on the last.
    let next: PageCursor?

    /// The page.
    func response() -> APIResponse {
        let content =
            "<h1>Tenants</h1><p class=\"muted\">Every workspace of this Gatehouse, newest first. Platform "
            + "administrators see the list; a workspace's keys, users and audit log are its members' alone.</p>"
            + table()
            + (next.map { "<p><a href=\"/console/tenants?cursor=\(HTMLText.escape($0.text))\">More tenants →</a></p>" }
                ?? "")
        return page.adminPage(admin, content: content)
    }

    func table() -> String {
        guard !records.isEmpty else { return "<p>No tenants yet.</p>" }
        return ConsolePage.table(
            ["Tenant id", "Name", "Created"],
            rows: records.map { tenant in
                [
                    "<code>\(HTMLText.escape(tenant.id))</code>", HTMLText.escape(tenant.name),
                    ConsoleKeysPage.date(tenant.createdAt),
                ]
            })
    }
}
