import Synchronization

/// Audit records that could not be written (Redis unavailable while the request was answered
/// without it: a JWT-only verify). Counted for the life of the process, so each loss can be logged
/// with the running total and a warm process (the server, a Lambda) shows how many it lost.
public enum AuditLoss {
    private static let counter = Atomic<Int>(0)

    /// Counts one lost record and returns the total so far.
    @discardableResult
    public static func record() -> Int {
        counter.wrappingAdd(1, ordering: .relaxed).newValue
    }

    /// Records lost so far by this process.
    public static var total: Int { counter.load(ordering: .relaxed) }

    /// Whether a request whose audit record was lost must be refused with 503 rather than keep its
    /// answer: a read (or the verify authorizer) whose decision needed Redis keeps no decision without
    /// its record, and with `GATEHOUSE_AUDIT_REQUIRED=true` neither does one decided from a token alone.
    /// A mutation that already committed keeps its answer (refusing it would hide a write that happened).
    public static func failsClosed(
        method: String, isAuthorizer: Bool, credentialType: Principal.CredentialType?, auditRequired: Bool
    ) -> Bool {
        let isRead = method == "GET" || method == "HEAD" || isAuthorizer
        guard isRead else { return false }
        return auditRequired || credentialType != .accessToken
    }
}
