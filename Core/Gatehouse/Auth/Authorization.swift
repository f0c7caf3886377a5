/// The one scope check every route and the gateway authorizer use (SPEC §2: identical across
/// credential types).
public enum Authorization {
    /// Refuses a principal that lacks `scope`, naming it in `details.missing_scope`.
    public static func require(_ scope: Scope, of principal: Principal) throws(GatehouseError) {
        guard principal.effectiveScopes.allows(scope) else { throw GatehouseError.missingScope(scope.description) }
    }

    /// Refuses a principal that lacks any of `scopes`, naming the first missing one.
    public static func require(all scopes: ScopeSet, of principal: Principal) throws(GatehouseError) {
        if let missing = principal.effectiveScopes.missing(from: scopes).first {
            throw GatehouseError.missingScope(missing.description)
        }
    }

    /// Whether a principal may create or promote a user to `role`: the role's default scopes must
    /// all be within the principal's own (nobody hands out more than they hold).
    public static func mayGrant(_ role: Role, principal: Principal) -> Bool {
        principal.effectiveScopes.covers(role.defaultScopes)
    }
}
