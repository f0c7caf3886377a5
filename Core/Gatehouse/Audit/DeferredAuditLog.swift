/// Where a warm process (the server) sends the audit records of requests decided without Redis (a
/// JWT-only verify), to be written off the request path. An implementation bounds what it holds
/// and counts what it cannot write in ``AuditLoss``.
public protocol DeferredAuditLog: Sendable {
    /// Takes a record to write later; never blocks on Redis.
    func offer(_ event: AuditEvent)
}
