/// The `keys` function: API keys, agents, owners, users and apps of the caller's tenant (SPEC §4).
/// Every route requires a principal; another tenant's objects are answered 404, never 403.
public enum KeyRoutes {
    /// The handlers of the function's operations; ``RouteCatalog`` says where each is served.
    public static let handlers: RouteHandlers = [
        .createKey: createKey,
        .listKeys: listKeys,
        .getKey: getKey,
        .revokeKey: revokeKey,
        .createOwner: createOwner,
        .createAgent: createAgent,
        .listAgents: listAgents,
        .getAgent: getAgent,
        .deleteAgent: deleteAgent,
        .createApp: createApp,
        .listApps: listApps,
        .createUser: createUser,
        .listUsers: listUsers,
        .getUser: getUser,
        .listTenantUsers: listTenantUsers,
        .updateUser: updateUser,
        .disableUser: disableUser,
    ]

    // MARK: API keys

    /// `POST /v1/api_keys` → 201 with the key, shown once (seed 003 shape).
    static func createKey(_ request: APIRequest, _ context: HandlerContext) throws -> APIResponse {
        let principal = try context.requirePrincipal()
        let store = context.store
        let creator = try callingUser(principal, store: store)
        let body = try RequestBody.jsonObject(request)
        let spec = try KeyPolicy.specification(body, principal: principal, creatorRole: creator.role, now: context.now)
        if let appID = spec.appID, try store.app(tenant: principal.tenantID, id: appID) == nil {
            throw GatehouseError.validation("app_id names no app of this tenant", field: "app_id")
        }
        let key = try store.prepareAPIKey(
            tenant: principal.tenantID, createdBy: creator.id, name: spec.name, scopes: spec.scopes,
            scopeMode: spec.scopeMode, expiresAt: spec.expiresAt, isTest: spec.isTest, appID: spec.appID,
            rateLimitPerMinute: spec.rateLimitPerMinute)
        let response = APIResponse.json(
            201, .object(createdJSON(key.record, secret: key.secret)), headers: ["Cache-Control": "no-store"])
        // The key and its idempotency record commit in one script: a lost reply leaves both or neither.
        try context.committing(response) { completion in try store.store(key, idempotency: completion) }
        context.logger.info("api key created", metadata: ["key_id": .string(key.record.id)])
        return response
    }

    /// The body of a freshly minted key: seed 003's members in its order, then the rest.
    static func createdJSON(_ record: KeyRecord, secret: APIKey) -> JSONObject {
        var object: JSONObject = [
            "id": .string(record.id), "key": .string(secret.text), "key_prefix": .string(record.prefix),
            "name": .string(record.name), "scopes": .array(record.scopes.scopes.map { .string($0.description) }),
            "scope_mode": .string(record.scopeMode.rawValue),
            "created_at": .string(Timestamp.iso8601(milliseconds: record.createdAt)),
            "expires_at": record.expiresAt.map { .string(Timestamp.iso8601(milliseconds: $0)) } ?? .null,
            "is_test": .bool(record.isTest),
        ]
        if let appID = record.appID { object["app_id"] = .string(appID) }
        if let limit = record.rateLimitPerMinute { object["rate_limit_per_minute"] = .integer(Int64(limit)) }
        return object
    }

    /// `GET /v1/api_keys?cursor=&limit=` → `{"data": [...], "next"}`, newest first, never a secret
    /// or its hash.
    static func listKeys(_ request: APIRequest, _ context: HandlerContext) throws -> APIResponse {
        let (records, next) = try keyPage(try PageRequest.parse(request), principal: try context.requirePrincipal(),
            store: context.store)
        return PageRequest.page(records.map { .object($0.publicJSON) }, next: next)
    }

    /// One page of the keys the principal sees (its tenant's, in its mode), newest first.
    static func keyPage(
        _ request: PageRequest, principal: Principal, store: TenantStore
    ) throws -> (records: [KeyRecord], next: PageCursor?) {
        let keys = TenantKeys(principal.tenantID)
        let page = try store.page(of: keys.keyIndex, request: request, newestFirst: true, testMode: principal.isTest)
        return (try store.records(of: page, record: keys.key, KeyRecord.init(fields:)), page.next)
    }

    /// `GET /v1/api_keys/{id}`.
    static func getKey(_ request: APIRequest, _ context: HandlerContext) throws -> APIResponse {
        let (_, record) = try visibleKey(context)
        return .json(200, .object(record.publicJSON))
    }

    /// `DELETE /v1/api_keys/{id}`: revoked at once; never the key of this very request (409).
    static func revokeKey(_ request: APIRequest, _ context: HandlerContext) throws -> APIResponse {
        let (principal, record) = try visibleKey(context)
        if KeyPolicy.isCurrentKey(record.id, principal: principal) {
            throw GatehouseError.conflict(
                "A key cannot revoke itself; rotate it instead", code: "cannot_revoke_current_key")
        }
        try context.store.revokeKey(tenant: principal.tenantID, id: record.id, at: context.now)
        var revoked = record
        revoked.revokedAt = min(record.revokedAt ?? context.now, context.now)
        context.logger.info("api key revoked", metadata: ["key_id": .string(record.id)])
        return .json(200, .object(revoked.publicJSON))
    }

    /// The key named by `{id}` in the caller's tenant and mode, else 404.
    static func visibleKey(_ context: HandlerContext) throws -> (Principal, KeyRecord) {
        let principal = try context.requirePrincipal()
        guard let id = context.parameters["id"],
            let record = try context.store.key(tenant: principal.tenantID, id: id), record.isTest == principal.isTest
        else { throw GatehouseError.notFound("API key not found") }
        return (principal, record)
    }

    /// The user a principal acts as; only users create API keys (a key acts for its creator).
    static func callingUser(_ principal: Principal, store: TenantStore) throws -> UserRecord {
        guard principal.subjectType == .user else {
            throw GatehouseError.forbidden("Only a user's credential can create API keys", reason: "user_required")
        }
        guard let user = try store.user(tenant: principal.tenantID, id: principal.subject), user.status == .active
        else {
            throw GatehouseError.authentication()
        }
        return user
    }

    // MARK: Owners and agents (seed 002)

    /// `POST /v1/owners {"id"?, "phone"?}` → 201 the owner (a user with the owner role).
    static func createOwner(_ request: APIRequest, _ context: HandlerContext) throws -> APIResponse {
        let principal = try context.requirePrincipal()
        let fields = try BodyFields(request)
        guard Authorization.mayGrant(.owner, principal: principal) else {
            throw GatehouseError.missingScope("*")
        }
        let user = try newUser(
            fields, role: .owner, principal: principal, store: context.store,
            defaultCountryCode: context.configuration.otp.defaultCountryCode)
        return .json(201, .object(user.publicJSON))
    }

    /// `POST /v1/agents {"name", "owner_id"?, "scopes"?}` → 201 with the agent key, shown once.
    static func createAgent(_ request: APIRequest, _ context: HandlerContext) throws -> APIResponse {
        let principal = try context.requirePrincipal()
        let fields = try BodyFields(request)
        guard let name = try fields.string("name", maxLength: 100) else {
            throw GatehouseError.validation("name is required", field: "name")
        }
        let scopes = try fields.scopes("scopes") ?? ScopeSet(parsing: "data:read data:write")!
        if let refused = scopes.scopes.first(where: { $0.resource == "*" || $0.action == "manage" || $0.action == "*" })
        {
            throw GatehouseError.validation(
                "agent scopes must name one resource and a non-manage action (\(refused))", field: "scopes")
        }
        if let missing = principal.effectiveScopes.missing(from: scopes).first {
            throw GatehouseError.missingScope(missing.description)
        }
        let ownerID = try fields.string("owner_id", maxLength: 128)
        let (record, secret) = try context.store.createAgent(
            tenant: principal.tenantID, name: name, ownerID: ownerID, scopes: scopes,
            isTest: try fields.boolean("is_test") ?? principal.isTest)
        var object = record.publicJSON
        object["key"] = .string(secret.text)
        context.logger.info("agent created", metadata: ["agent_id": .string(record.id)])
        return .json(201, .object(object), headers: ["Cache-Control": "no-store"])
    }

    /// `GET /v1/agents/{id}`: an agent key sees only its own agent (another agent → 404).
    static func getAgent(_ request: APIRequest, _ context: HandlerContext) throws -> APIResponse {
        let (_, record) = try visibleAgent(context)
        return .json(200, .object(record.publicJSON))
    }

    /// `GET /v1/agents` → `{"data": [...]}`: every agent for a platform credential, the agents a
    /// user owns for a user, only itself for an agent key (seed 002).
    static func listAgents(_ request: APIRequest, _ context: HandlerContext) throws -> APIResponse {
        let principal = try context.requirePrincipal()
        let keys = TenantKeys(principal.tenantID)
        let page = try context.store.page(of: keys.agentIndex, request: try PageRequest.parse(request))
        // A page holds the visible agents among its records, so it may be shorter than the limit;
        // `next` still walks every agent once.
        let records = try context.store.records(of: page, record: keys.agent, AgentRecord.init(fields:))
        let visible = records.filter { $0.revokedAt == nil }.filter { agent in
            switch principal.subjectType {
            case .platform, .service: true
            case .agent: agent.id == principal.subject
            case .user: agent.ownerID == principal.subject
            }
        }
        return PageRequest.page(visible.map { .object($0.publicJSON) }, next: page.next)
    }

    /// `DELETE /v1/agents/{id}`: the agent's key stops at once.
    static func deleteAgent(_ request: APIRequest, _ context: HandlerContext) throws -> APIResponse {
        let (principal, record) = try visibleAgent(context)
        try context.store.deleteAgent(tenant: principal.tenantID, id: record.id)
        return APIResponse(status: 204)
    }

    /// The agent named by `{id}` if the caller may see it: the tenant's, and for an agent key its own.
    static func visibleAgent(_ context: HandlerContext) throws -> (Principal, AgentRecord) {
        let principal = try context.requirePrincipal()
        guard let id = context.parameters["id"],
            principal.subjectType != .agent || principal.subject == id,
            let record = try context.store.agent(tenant: principal.tenantID, id: id), record.revokedAt == nil
        else { throw GatehouseError.notFound("Agent not found") }
        return (principal, record)
    }

    // MARK: Apps

    /// `POST /v1/apps {"name", "id"?}` → 201.
    static func createApp(_ request: APIRequest, _ context: HandlerContext) throws -> APIResponse {
        let principal = try context.requirePrincipal()
        let fields = try BodyFields(request)
        guard let name = try fields.string("name", maxLength: 100) else {
            throw GatehouseError.validation("name is required", field: "name")
        }
        let app = try context.store.createApp(
            tenant: principal.tenantID, id: try fields.string("id", maxLength: 128), name: name)
        return .json(201, .object(app.publicJSON))
    }

    /// `GET /v1/apps?cursor=&limit=` → `{"data": [...], "next"}`, oldest first.
    static func listApps(_ request: APIRequest, _ context: HandlerContext) throws -> APIResponse {
        let principal = try context.requirePrincipal()
        let keys = TenantKeys(principal.tenantID)
        let page = try context.store.page(of: keys.appIndex, request: try PageRequest.parse(request))
        let records = try context.store.records(of: page, record: keys.app, AppRecord.init(fields:))
        return PageRequest.page(records.map { .object($0.publicJSON) }, next: page.next)
    }

    // MARK: Users

    /// `POST /v1/users {"id"?, "role", "phone"?}` → 201; nobody creates a user above their own scopes.
    static func createUser(_ request: APIRequest, _ context: HandlerContext) throws -> APIResponse {
        let principal = try context.requirePrincipal()
        let fields = try BodyFields(request)
        guard let role = try fields.role("role") else {
            throw GatehouseError.validation("role is required", field: "role")
        }
        let user = try newUser(
            fields, role: role, principal: principal, store: context.store,
            defaultCountryCode: context.configuration.otp.defaultCountryCode)
        return .json(201, .object(user.publicJSON))
    }

    static func newUser(
        _ fields: BodyFields, role: Role, principal: Principal, store: TenantStore, defaultCountryCode: String
    ) throws -> UserRecord {
        guard Authorization.mayGrant(role, principal: principal) else {
            throw GatehouseError.forbidden(
                "The credential cannot grant a role above its own scopes", reason: "permission_boundary",
                details: [
                    "missing_scope": .string(
                        principal.effectiveScopes.missing(from: role.defaultScopes).first?.description ?? "*")
                ])
        }
        let phone = try fields.string("phone", maxLength: 32).map {
            try PhoneNumber.requestField($0, defaultCountryCode: defaultCountryCode)
        }
        return try store.createUser(
            tenant: principal.tenantID, id: try fields.string("id", maxLength: 128), role: role, phone: phone,
            isTest: principal.isTest)
    }

    /// `GET /v1/users?cursor=&limit=` → `{"data": [...], "next"}`, oldest first.
    static func listUsers(_ request: APIRequest, _ context: HandlerContext) throws -> APIResponse {
        let principal = try context.requirePrincipal()
        let keys = TenantKeys(principal.tenantID)
        let page = try context.store.page(
            of: keys.userIndex, request: try PageRequest.parse(request), testMode: principal.isTest)
        let records = try context.store.records(of: page, record: keys.user, UserRecord.init(fields:))
        return PageRequest.page(records.map { .object($0.publicJSON) }, next: page.next)
    }

    /// `GET /tenant/{tenantId}/api/v2.0/Users` (seed 004, `X-API-Key`): what `GET /v1/users`
    /// answers; another tenant's id is 404.
    static func listTenantUsers(_ request: APIRequest, _ context: HandlerContext) throws -> APIResponse {
        guard context.parameters["tenantId"] == (try context.requirePrincipal()).tenantID else {
            throw GatehouseError.notFound("Tenant not found")
        }
        return try listUsers(request, context)
    }

    /// `GET /v1/users/{id}`.
    static func getUser(_ request: APIRequest, _ context: HandlerContext) throws -> APIResponse {
        let (_, user) = try visibleUser(context)
        return .json(200, .object(user.publicJSON))
    }

    /// `PATCH /v1/users/{id} {"role"?, "status"?}`: change role, disable or enable; nobody disables
    /// themselves or changes their own role (409), as `DELETE` refuses too.
    static func updateUser(_ request: APIRequest, _ context: HandlerContext) throws -> APIResponse {
        let (principal, user) = try visibleUser(context)
        let fields = try BodyFields(request)
        let role = try fields.role("role")
        let status = try fields.string("status", maxLength: 10).map { text in
            guard let status = UserRecord.Status(rawValue: text) else {
                throw GatehouseError.validation("status must be active or disabled", field: "status")
            }
            return status
        }
        guard role != nil || status != nil else {
            throw GatehouseError.validation("give role or status", field: "role")
        }
        try requireAuthority(over: user, principal: principal)
        if principal.subjectType == .user && principal.subject == user.id {
            if status == .disabled {
                throw GatehouseError.conflict("A user cannot disable themselves", code: "cannot_disable_current_user")
            }
            if let role, role != user.role {
                throw GatehouseError.conflict("A user cannot change their own role", code: "cannot_change_own_role")
            }
        }
        var updated = user
        if let role {
            guard Authorization.mayGrant(role, principal: principal) else {
                throw GatehouseError.forbidden(
                    "The credential cannot grant a role above its own scopes", reason: "permission_boundary")
            }
            try context.store.setUserRole(tenant: principal.tenantID, id: user.id, role)
            updated.role = role
        }
        if let status {
            try context.store.setUserStatus(tenant: principal.tenantID, id: user.id, status)
            updated.status = status
        }
        return .json(200, .object(updated.publicJSON))
    }

    /// `DELETE /v1/users/{id}`: disables the user (their keys stop at once).
    static func disableUser(_ request: APIRequest, _ context: HandlerContext) throws -> APIResponse {
        let (principal, user) = try visibleUser(context)
        try requireAuthority(over: user, principal: principal)
        if principal.subjectType == .user && principal.subject == user.id {
            throw GatehouseError.conflict("A user cannot disable themselves", code: "cannot_disable_current_user")
        }
        try context.store.setUserStatus(tenant: principal.tenantID, id: user.id, .disabled)
        var disabled = user
        disabled.status = .disabled
        return .json(200, .object(disabled.publicJSON))
    }

    static func visibleUser(_ context: HandlerContext) throws -> (Principal, UserRecord) {
        let principal = try context.requirePrincipal()
        guard let id = context.parameters["id"], let user = try context.store.user(tenant: principal.tenantID, id: id),
            user.isTest == principal.isTest
        else { throw GatehouseError.notFound("User not found") }
        return (principal, user)
    }

    /// Nobody changes a user whose role grants more than the caller holds.
    static func requireAuthority(over user: UserRecord, principal: Principal) throws {
        guard Authorization.mayGrant(user.role, principal: principal) else {
            throw GatehouseError.forbidden(
                "The credential cannot change a user above its own scopes", reason: "permission_boundary")
        }
    }
}

extension HandlerContext {
    /// The tenant store over this request's connection and clock.
    public var store: TenantStore {
        let now = self.now
        return TenantStore(redis: redis, now: { now })
    }
}
