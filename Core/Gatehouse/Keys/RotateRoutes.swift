/// The `rotate` function: replacing keys without downtime (SPEC §4 rotate, seeds 002, 003, 004).
public enum RotateRoutes {
    /// The handlers of the function's operations; ``RouteCatalog`` says where each is served.
    public static let handlers: RouteHandlers = [
        .rotateKey: rotateKey,
        .rotateAgentKey: rotateAgentKey,
        .regenerateSlot: regenerateSlot,
        .listSlots: listSlots,
    ]

    /// The slots of seed 004.
    static let slots: Set<String> = ["primary", "secondary"]

    /// `POST /v1/api_keys/{id}/rotate {"grace_period_hours": 0…168}` → 201 a new key with the same
    /// scopes; the old one works until the grace ends (0: stops at once).
    static func rotateKey(_ request: APIRequest, _ context: HandlerContext) throws -> APIResponse {
        let (principal, record) = try KeyRoutes.visibleKey(context)
        let body = request.body.isEmpty ? JSONObject() : try RequestBody.jsonObject(request)
        let grace = try KeyPolicy.graceMilliseconds(body)
        guard record.isUsable(at: context.now) else { throw GatehouseError.notFound("API key not found") }
        if let missing = principal.effectiveScopes.missing(from: record.scopes).first {
            throw GatehouseError.missingScope(missing.description)
        }
        let (old, new, secret) = try context.store.rotateAPIKey(
            tenant: principal.tenantID, id: record.id, graceMilliseconds: grace)
        var object = KeyRoutes.createdJSON(new, secret: secret)
        object["rotated_from"] = .string(old.id)
        object["old_key_expires_at"] = old.revokedAt.map { .string(Timestamp.iso8601(milliseconds: $0)) } ?? .null
        context.logger.info("api key rotated", metadata: ["key_id": .string(new.id), "old_key_id": .string(old.id)])
        return .json(201, .object(object), headers: ["Cache-Control": "no-store"])
    }

    /// `POST /v1/agents/{agent_id}/rotate-keys` → 201 a new agent key; the old one stops at once.
    /// Callable by the agent itself or with `agents:manage`.
    static func rotateAgentKey(_ request: APIRequest, _ context: HandlerContext) throws -> APIResponse {
        let principal = try context.requirePrincipal()
        guard let id = context.parameters["agent_id"] else { throw GatehouseError.notFound("Agent not found") }
        if principal.subjectType == .agent {
            guard principal.subject == id else { throw GatehouseError.notFound("Agent not found") }
        } else {
            try Authorization.require(Scope("agents:manage")!, of: principal)
        }
        guard try context.store.agent(tenant: principal.tenantID, id: id) != nil else {
            throw GatehouseError.notFound("Agent not found")
        }
        let (record, secret) = try context.store.rotateAgentKey(tenant: principal.tenantID, id: id)
        var object = record.publicJSON
        object["key"] = .string(secret.text)
        return .json(201, .object(object), headers: ["Cache-Control": "no-store"])
    }

    /// `POST /v1/tenants/{tenant}/api_keys/{primary|secondary}/regenerate` → 201 a new key in the
    /// slot; the slot's previous key stops at once, the other slot is untouched.
    static func regenerateSlot(_ request: APIRequest, _ context: HandlerContext) throws -> APIResponse {
        let principal = try slotTenant(context)
        guard let slot = context.parameters["slot"], slots.contains(slot) else {
            throw GatehouseError.validation("slot must be primary or secondary", field: "slot")
        }
        let creator = try KeyRoutes.callingUser(principal, store: context.store)
        let (record, secret) = try context.store.regenerateSlot(
            tenant: principal.tenantID, slot: slot, createdBy: creator.id, scopes: principal.effectiveScopes,
            isTest: principal.isTest)
        var object = KeyRoutes.createdJSON(record, secret: secret)
        object["slot"] = .string(slot)
        return .json(201, .object(object), headers: ["Cache-Control": "no-store"])
    }

    /// `GET /v1/tenants/{tenant}/api_keys` → `{"primary": key|null, "secondary": key|null}`.
    static func listSlots(_ request: APIRequest, _ context: HandlerContext) throws -> APIResponse {
        let principal = try slotTenant(context)
        let assigned = try context.store.keySlots(tenant: principal.tenantID)
        var object = JSONObject()
        for slot in ["primary", "secondary"] {
            let record = try assigned[slot].flatMap { try context.store.key(tenant: principal.tenantID, id: $0) }
            object[slot] = record.map { .object($0.publicJSON) } ?? .null
        }
        return .json(200, .object(object))
    }

    /// The principal, if `{tenant}` is its own tenant; another tenant is 404.
    static func slotTenant(_ context: HandlerContext) throws -> Principal {
        let principal = try context.requirePrincipal()
        guard context.parameters["tenant"] == principal.tenantID else {
            throw GatehouseError.notFound("Tenant not found")
        }
        return principal
    }
}
