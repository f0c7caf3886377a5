internal import Crypto

/// What presenting a refresh token led to.
public enum RefreshOutcome: Sendable, Equatable {
    /// The token was live and is now rotated: the child is the new live token. `grant` is the
    /// OAuth grant the family belongs to (nil for Gatehouse's own sessions).
    case rotated(session: String, subject: SessionSubject, grant: OAuthGrant?)
    /// The token was rotated less than the grace window ago: the same child again.
    case retried(session: String, subject: SessionSubject, grant: OAuthGrant?)
    /// Unknown, expired, of a revoked family or session, or of a disabled subject.
    case invalid
    /// The token belongs to another client; nothing changed.
    case clientMismatch
    /// A rotated token came back after the grace window: its whole family is now revoked.
    case reuseDetected
    /// The request asked for a scope the grant does not hold; nothing changed.
    case scopeWidened
    /// The request named another resource than the grant's; nothing changed.
    case resourceMismatch
}
