/// The caller of an admin-only route (``RouteAccess/platformAdmin``): a platform administrator's
/// live session, resolved by the dispatcher before the handler runs. It is no tenant's principal:
/// nothing of a tenant's own routes accepts it.
public struct PlatformAdminCaller: Sendable, Equatable {
    /// The session (kind `admin`).
    public let session: SessionRecord
    /// The administrator, active.
    public let admin: PlatformAdminRecord
}
