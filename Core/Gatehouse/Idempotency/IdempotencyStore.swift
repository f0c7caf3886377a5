/// Runs a handler under an `Idempotency-Key` (SPEC §6): the first request runs and its success is
/// kept (sealed) for 24 hours; the same request again gets the kept response and writes nothing;
/// another body under the key is 422; a request while the first is in flight is 409. Records are
/// scoped to the tenant and the credential.
///
/// Under a lost reply (the connection broke after a command ran): each attempt holds its marker by a
/// random token (``IdempotencyClaim``). A route that commits its write and the record in one script
/// leaves both or neither; any other failure settles the marker at once — it is released when the
/// attempt did not complete (no 60 s of 409), and when the completion did run its kept response is
/// the answer. A failure that leaves Redis unreachable leaves the marker to lapse
/// (``IdempotencyPolicy/inFlightMilliseconds(commandTimeout:)``, 10 s by default).
public enum IdempotencyStore {
    /// Runs `handler` (with the claim in its context), or replays or refuses according to the
    /// stored record.
    public static func perform(
        _ request: APIRequest, key idempotencyKey: String, principal: Principal, context: HandlerContext,
        handler: (HandlerContext) throws -> APIResponse
    ) throws -> APIResponse {
        guard IdempotencyPolicy.isValidKey(idempotencyKey) else {
            throw GatehouseError.invalidRequest("Idempotency-Key must be 1 to 255 visible ASCII characters")
        }
        guard let secret = context.configuration.serverSecret else {
            throw GatehouseError.unavailable("Idempotency keys need GATEHOUSE_SERVER_SECRET")
        }
        let claim = IdempotencyClaim(
            recordKey: TenantKeys(principal.tenantID).idempotency(
                credential: principal.credentialIdentity, key: Hex.encodeSHA256(idempotencyKey)),
            scope: principal.tenantID + "\n" + principal.credentialIdentity, idempotencyKey: idempotencyKey,
            serverSecret: secret)
        let fingerprint = IdempotencyPolicy.fingerprint(request)
        let reply: RedisReply
        do {
            reply = try context.redis.evaluate(
                begin, keys: [.string(claim.recordKey)],
                arguments: [
                    .string(fingerprint),
                    .integer(
                        IdempotencyPolicy.inFlightMilliseconds(
                            commandTimeout: context.configuration.redis.commandTimeout)), .string(claim.token),
                ])
        } catch {
            _ = settle(claim, redis: context.redis)  // the marker may have been set before the reply was lost
            throw error
        }
        switch decision(reply, fingerprint: fingerprint) {
        case .refuse(let error):
            throw error
        case .replay(let sealed):
            guard var response = claim.open(sealed) else { throw GatehouseError.internal }
            response.headers.set("Idempotent-Replayed", "true")
            return response
        case .proceed:
            return try proceed(claim, context: context, handler: handler)
        }
    }

    /// Runs the handler holding the claim and completes the record (unless the handler committed it).
    static func proceed(
        _ claim: IdempotencyClaim, context: HandlerContext, handler: (HandlerContext) throws -> APIResponse
    ) throws -> APIResponse {
        var claimed = context
        claimed.idempotency = claim
        do {
            let response = try handler(claimed)
            if claim.committed { return response }
            guard IdempotencyPolicy.keeps(response) else {
                _ = settle(claim, redis: context.redis)
                return response
            }
            let completion = try claim.completion(for: response)
            _ = try context.redis.evaluate(
                complete, keys: [.string(completion.recordKey)],
                arguments: [
                    .string(completion.token), .bytes(completion.sealed), .integer(completion.retentionMilliseconds),
                ])
            return response
        } catch {
            if let kept = settle(claim, redis: context.redis) { return kept }
            throw error
        }
    }

    /// Settles a failed attempt's marker, best effort: releases it when this attempt did not
    /// complete, and returns the kept response when it did (its reply was lost). Nil otherwise,
    /// and when Redis cannot be reached.
    static func settle(_ claim: IdempotencyClaim, redis: RedisClient) -> APIResponse? {
        guard
            let reply = try? redis.evaluate(
                release, keys: [.string(claim.recordKey)], arguments: [.string(claim.token)]),
            let items = reply.arrayValue, items.first?.stringValue == "done", items.count > 1,
            let sealed = items[1].bytes
        else { return nil }
        return claim.open(sealed)
    }

    static func decision(_ reply: RedisReply, fingerprint: String) -> IdempotencyPolicy.Decision {
        let items = reply.arrayValue ?? []
        return IdempotencyPolicy.decide(
            state: items.first?.stringValue == "new" ? nil : items.first?.stringValue,
            storedFingerprint: items.count > 1 ? items[1].stringValue : nil,
            sealed: items.count > 2 ? items[2].bytes.flatMap { $0.isEmpty ? nil : $0 } : nil, fingerprint: fingerprint)
    }

    /// KEYS[1] the record. ARGV: fingerprint, in-flight lifetime (ms), token. Creates a pending
    /// record owned by the token and returns {"new"}, or returns {state, fingerprint, sealed response}.
    static let begin = RedisScript(
        """
        local found = redis.call('HMGET', KEYS[1], 'state', 'fp', 'sealed')
        if not found[1] then
            redis.call('HSET', KEYS[1], 'state', 'pending', 'fp', ARGV[1], 'owner', ARGV[3])
            redis.call('PEXPIRE', KEYS[1], ARGV[2])
            return {'new'}
        end
        return {found[1], found[2] or '', found[3] or ''}
        """)

    /// KEYS[1] the record. ARGV: token, sealed response, retention (ms). Completes the record if
    /// the token still holds it; returns 1, or 0 when it does not.
    static let complete = RedisScript(
        """
        local found = redis.call('HMGET', KEYS[1], 'state', 'owner')
        if found[1] ~= 'pending' or found[2] ~= ARGV[1] then return 0 end
        redis.call('HSET', KEYS[1], 'state', 'done', 'sealed', ARGV[2])
        redis.call('PEXPIRE', KEYS[1], ARGV[3])
        return 1
        """)

    /// KEYS[1] the record. ARGV: token. Deletes the token's pending marker and returns {"released"};
    /// returns {"done", sealed} when the token completed it, {"other"} when it is not the token's.
    static let release = RedisScript(
        """
        local found = redis.call('HMGET', KEYS[1], 'state', 'owner', 'sealed')
        if found[2] ~= ARGV[1] then return {'other'} end
        if found[1] == 'done' then return {'done', found[3]} end
        redis.call('DEL', KEYS[1])
        return {'released'}
        """)

    /// The lines a write script adds to commit an ``IdempotencyCompletion`` with its write: the
    /// record is KEYS[`key`], the token, sealed response and retention ARGV[`argument`…+2]. The
    /// guard returns 0 (writing nothing) when the token no longer holds the marker.
    static func commitLua(key: Int, argument: Int) -> (guard: String, write: String) {
        (
            """
            if KEYS[\(key)] then
                local held = redis.call('HMGET', KEYS[\(key)], 'state', 'owner')
                if held[1] ~= 'pending' or held[2] ~= ARGV[\(argument)] then return 0 end
            end
            """,
            """
            if KEYS[\(key)] then
                redis.call('HSET', KEYS[\(key)], 'state', 'done', 'sealed', ARGV[\(argument + 1)])
                redis.call('PEXPIRE', KEYS[\(key)], ARGV[\(argument + 2)])
            end
            """
        )
    }
}
