/// Runs a handler under an `Idempotency-Key` (SPEC §6): the first request runs and its success is
/// kept (sealed) for 24 hours; the same request again gets the kept response and writes nothing;
/// another body under the key is 422; a request while the first is in flight is 409. Records are
/// scoped to the tenant and the credential.
public enum IdempotencyStore {
    /// Runs `handler`, or replays or refuses according to the stored record.
    public static func perform(
        _ request: Request, key idempotencyKey: String, principal: Principal, context: RequestContext,
        handler: () throws -> Response
    ) throws -> Response {
        guard IdempotencyPolicy.isValidKey(idempotencyKey) else {
            throw GatehouseError.invalidRequest("Idempotency-Key must be 1 to 255 visible ASCII characters")
        }
        guard let secret = context.configuration.serverSecret else {
            throw GatehouseError.unavailable("Idempotency keys need GATEHOUSE_SERVER_SECRET")
        }
        let scope = principal.tenantID + "\n" + principal.credentialIdentity
        let recordKey = TenantKeys(principal.tenantID).idempotency(
            credential: principal.credentialIdentity, key: Hex.encodeSHA256(idempotencyKey))
        let fingerprint = IdempotencyPolicy.fingerprint(request)
        let reply = try context.redis.evaluate(
            begin, keys: [.string(recordKey)],
            arguments: [.string(fingerprint), .integer(IdempotencyPolicy.inFlightMilliseconds)])
        let items = reply.arrayValue ?? []
        let decision = IdempotencyPolicy.decide(
            state: items.first?.stringValue == "new" ? nil : items.first?.stringValue,
            storedFingerprint: items.count > 1 ? items[1].stringValue : nil,
            sealed: items.count > 2 ? items[2].bytes.flatMap { $0.isEmpty ? nil : $0 } : nil, fingerprint: fingerprint)
        switch decision {
        case .refuse(let error):
            throw error
        case .replay(let sealed):
            guard
                var response = ResponseSeal.open(
                    sealed, serverSecret: secret, scope: scope, idempotencyKey: idempotencyKey)
            else { throw GatehouseError.internal }
            response.headers.set("Idempotent-Replayed", "true")
            return response
        case .proceed:
            let response: Response
            do {
                response = try handler()
            } catch {
                _ = try? context.redis.command(["DEL", .string(recordKey)])
                throw error
            }
            if IdempotencyPolicy.keeps(response) {
                let sealed = try ResponseSeal.seal(
                    response, serverSecret: secret, scope: scope, idempotencyKey: idempotencyKey)
                _ = try context.redis.command([
                    "HSET", .string(recordKey), "state", "done", "sealed", .bytes(sealed),
                ])
                _ = try context.redis.command([
                    "PEXPIRE", .string(recordKey), .integer(IdempotencyPolicy.retentionMilliseconds),
                ])
            } else {
                _ = try context.redis.command(["DEL", .string(recordKey)])
            }
            return response
        }
    }

    /// KEYS[1] the record. ARGV: fingerprint, in-flight lifetime (ms). Creates a pending record and
    /// returns {"new"}, or returns {state, fingerprint, sealed response}.
    static let begin = RedisScript(
        """
        local found = redis.call('HMGET', KEYS[1], 'state', 'fp', 'sealed')
        if not found[1] then
            redis.call('HSET', KEYS[1], 'state', 'pending', 'fp', ARGV[1])
            redis.call('PEXPIRE', KEYS[1], ARGV[2])
            return {'new'}
        end
        return {found[1], found[2] or '', found[3] or ''}
        """)
}
