/// Who may call a route; the dispatcher enforces it before the handler runs.
public enum RouteAccess: Sendable {
    /// No credential is read (sign-in reads its own, discovery needs none).
    case open
    /// A principal is required; with a scope, the principal must hold it (403 `forbidden` with
    /// `details.missing_scope` otherwise).
    case principal(scope: Scope?)
    /// The gateway authorizer: a principal is required and the per-principal limits are counted.
    case authorizer
    /// A platform administrator's session, nothing else (SPEC §4 otp: "admin-only routes accept
    /// only admin sessions"): 401 without a live session, 403 `admin_required` for any other
    /// credential. The request gets no tenant principal; the handler reads
    /// ``HandlerContext/platformAdmin``, and the call is audited in the platform's stream.
    case platformAdmin

    /// A route needing `scope`, a literal that ``Scope/init(_:)`` accepts (`RouteCatalogTests`
    /// checks every one the catalog names).
    public static func scope(_ text: StaticString) -> RouteAccess { .principal(scope: Scope(literal: text)) }
}
