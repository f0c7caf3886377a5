/// The tenant directory: what a platform administrator lists (`GET /v1/admin/tenants`, the
/// console's tenants page). Each tenant's record lives in the tenant's own hash slot, so a listing
/// cannot read them in order; the directory keeps a copy of each tenant's id, name and creation
/// time under the platform's tag, as a list like any other (``ListIndex``):
///
/// ```
/// gh:{_platform}:tenant:<id>     HASH   the tenant's directory entry (id, name, created_at)
/// gh:{_platform}:tenants         SET    tenant ids
/// gh:{_platform}:tenants:order   ZSET   the page order (``ListIndex``)
/// ```
extension TenantKeys {
    /// The directory's page order (only under ``platform``).
    public static var tenantDirectory: ListIndex {
        ListIndex(set: platform.prefix + "tenants", record: { platform.prefix + "tenant:" + $0 }, byMode: false)
    }
}

extension TenantStore {
    /// Lists a tenant in the directory, unless it is listed already: true when it was added.
    @discardableResult
    public func listInDirectory(_ tenant: TenantRecord) throws -> Bool {
        try createListed(
            TenantKeys.tenantDirectory, id: tenant.id, createdAt: tenant.createdAt, isTest: false,
            fields: tenant.fields)
    }

    /// One page of the directory, newest first.
    public func tenantPage(_ request: PageRequest) throws -> (records: [TenantRecord], next: PageCursor?) {
        let directory = TenantKeys.tenantDirectory
        let page = try page(of: directory, request: request, newestFirst: true)
        let records = try records(of: page, record: { directory.recordPrefix + $0 }, TenantRecord.init(fields:))
        return (records, page.next)
    }
}
