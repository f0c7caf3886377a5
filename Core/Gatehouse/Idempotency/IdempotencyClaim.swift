/// The in-flight marker one request holds on its `Idempotency-Key`, identified by a random token so
/// that only this attempt can complete or release it.
///
/// A route whose write can carry the record commits both in one script
/// (``HandlerContext/committing(_:write:)``): a reply lost after that script ran leaves the write and
/// the record together, and the retry replays. Other routes record the response after the handler.
public final class IdempotencyClaim {
    /// The record's Redis key (in the tenant's slot).
    public let recordKey: String
    /// This attempt's token, stored in the marker as `owner`.
    public let token: String
    let scope: String
    let idempotencyKey: String
    let serverSecret: [UInt8]
    /// Whether the handler committed the record with its write.
    public internal(set) var committed = false

    init(recordKey: String, scope: String, idempotencyKey: String, serverSecret: [UInt8]) {
        self.recordKey = recordKey
        self.token = Base62.random(count: 22)
        self.scope = scope
        self.idempotencyKey = idempotencyKey
        self.serverSecret = serverSecret
    }

    /// What a write script needs to turn the marker into the completed record in the same script.
    public func completion(for response: APIResponse) throws -> IdempotencyCompletion {
        IdempotencyCompletion(
            recordKey: recordKey, token: token,
            sealed: try ResponseSeal.seal(
                response, serverSecret: serverSecret, scope: scope, idempotencyKey: idempotencyKey),
            retentionMilliseconds: IdempotencyPolicy.retentionMilliseconds)
    }

    /// Opens a sealed response of this key.
    func open(_ sealed: [UInt8]) -> APIResponse? {
        ResponseSeal.open(sealed, serverSecret: serverSecret, scope: scope, idempotencyKey: idempotencyKey)
    }
}

extension HandlerContext {
    /// Runs `write` with the completion of this request's idempotency record (nil without an
    /// `Idempotency-Key`), which the write must commit atomically with its own effects; then marks
    /// the record committed, so the dispatcher does not write it again.
    public func committing(
        _ response: APIResponse, write: (IdempotencyCompletion?) throws -> Void
    ) throws -> APIResponse {
        try write(try idempotency?.completion(for: response))
        idempotency?.committed = true
        return response
    }
}
