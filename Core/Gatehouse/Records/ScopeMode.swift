/// How a key's scopes combine with its creator's role (SPEC §2).
public enum ScopeMode: String, Sendable {
    /// Effective scopes = key scopes ∩ the creator's role defaults.
    case strict
    /// Effective scopes = the creator's role defaults; every use is audited as legacy.
    case legacy
}
