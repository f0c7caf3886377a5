/// One page of a tenant's records (``TenantStore/page(of:request:newestFirst:testMode:)``).
public struct RecordPage: Sendable {
    /// The ids of the page's records, in order.
    public let ids: [String]
    /// The cursor of the next page; nil on the last.
    public let next: PageCursor?
}
