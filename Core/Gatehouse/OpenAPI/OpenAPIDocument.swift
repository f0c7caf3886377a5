/// The OpenAPI 3.1 description of every route in ``RouteCatalog`` (SPEC §6): served by `jwks` at
/// `GET /openapi.json`, printed by `gatehouse openapi` and committed as `infra/openapi.json`.
///
/// The catalog gives each operation its path, owner, access and error style; ``RouteDocumentation``
/// gives its parameters, body and answers; this type adds what follows from the catalog alone (the
/// credentials of authenticated routes, `X-App-Id`, `Idempotency-Key`, and the errors every route
/// of a kind can answer).
public enum OpenAPIDocument {
    /// The document for a deployment: `servers` is its issuer, the session scheme its cookie name.
    public static func document(_ configuration: Configuration) -> JSONValue {
        [
            "openapi": "3.1.0",
            "info": [
                "title": "Gatehouse",
                "version": "1",
                "description": .string(
                    "API authentication: API keys, OTP sign-in, tokens, rotation, agents, verification. Errors are "
                        + "`{\"error\": {\"code\", \"message\", \"details\"?, \"request_id\"}}`, "
                        + "on OAuth endpoints RFC 6749's "
                        + "`{\"error\", \"error_description\"}`."),
            ],
            "servers": [["url": .string(configuration.issuer)]],
            "tags": .array(
                RouteCatalog.functions.map { ["name": .string($0.name.rawValue), "description": .string($0.summary)] }),
            "paths": .object(paths()),
            "components": [
                "schemas": .object(OpenAPISchemas.schemas),
                "headers": .object(OpenAPISchemas.headers),
                "securitySchemes": .object(securitySchemes(cookieName: configuration.cookieName)),
            ],
        ]
    }

    /// The document of a deployment with every setting at its default (`infra/openapi.json`).
    public static var defaultDocument: JSONValue {
        // The default configuration reads nothing that can fail.
        document(try! Configuration(environment: [:], requireSigningKeys: false))
    }

    /// The operations of the catalog without a ``RouteDocumentation`` entry.
    public static var undocumented: [RouteDescription] {
        RouteCatalog.routes.filter { RouteDocumentation.of($0.operation) == nil }
    }

    // MARK: Paths

    /// Every pattern of the catalog with its operations, in catalog order.
    static func paths() -> JSONObject {
        var paths = JSONObject()
        for route in RouteCatalog.routes {
            var item = paths[route.openAPIPath]?.objectValue ?? JSONObject()
            if item.isEmpty && !route.pathParameters.isEmpty {
                item["parameters"] = .array(route.pathParameters.map(pathParameter))
            }
            item[route.method.asciiLowercased] = .object(operation(route))
            paths[route.openAPIPath] = .object(item)
        }
        return paths
    }

    static func pathParameter(_ name: String) -> JSONValue {
        ["name": .string(name), "in": "path", "required": true, "schema": OpenAPISchemas.pathParameter(name)]
    }

    /// One operation object.
    static func operation(_ route: RouteDescription) -> JSONObject {
        let documentation = RouteDocumentation.of(route.operation)
        var operation: JSONObject = [
            "operationId": .string(route.operation.rawValue),
            "summary": .string(route.summary),
            "tags": [.string(route.function.rawValue)],
        ]
        if let notes = documentation?.notes { operation["description"] = .string(notes) }
        if case .principal(let scope?) = route.access { operation["x-required-scope"] = .string(scope.description) }

        let parameters = (documentation?.parameters ?? []).map(parameter) + generatedParameters(route)
        if !parameters.isEmpty { operation["parameters"] = .array(parameters) }
        operation["security"] = security(route, documentation)
        if let body = documentation?.body {
            operation["requestBody"] = [
                "required": .bool(body.required), "content": .object([body.mediaType: ["schema": body.schema]]),
            ]
        }
        operation["responses"] = .object(responses(route, documentation))
        return operation
    }

    static func parameter(_ parameter: RouteDocumentation.Parameter) -> JSONValue {
        [
            "name": .string(parameter.name), "in": .string(parameter.location.rawValue),
            "required": .bool(parameter.required), "description": .string(parameter.description),
            "schema": parameter.schema,
        ]
    }

    /// `X-App-Id` on every authenticated route, `Idempotency-Key` where it applies (SPEC §2, §6).
    static func generatedParameters(_ route: RouteDescription) -> [JSONValue] {
        guard route.requiresPrincipal else { return [] }
        var parameters = [
            parameter(
                .header(
                    "X-App-Id", OpenAPISchemas.objectID,
                    "Act for this app of the tenant (403 app_mismatch otherwise)"))
        ]
        if route.acceptsIdempotencyKey {
            parameters.append(
                parameter(
                    .header(
                        "Idempotency-Key", ["type": "string", "minLength": 1, "maxLength": 255, "pattern": "^[!-~]+$"],
                        "Replays the stored answer of an earlier request with this key and body (kept 24 h)")))
        }
        return parameters
    }

    // MARK: Security

    /// The credentials of SPEC §3 on an authenticated route; an open route's own credential as its
    /// entry names it (`{}` too when it may be left out); `[]` for a route that reads none.
    static func security(_ route: RouteDescription, _ documentation: RouteDocumentation?) -> JSONValue {
        let requirements: [[RouteDocumentation.SecurityScheme]]
        if route.requiresPrincipal {
            requirements = [
                [.bearer], [.apiKey], [.apiKey, .apiKeyID], [.agentKey], [.platformID, .platformSecret], [.session],
            ]
        } else if route.requiresPlatformAdmin {
            requirements = [[.session]]
        } else {
            requirements = documentation?.credentials ?? []
        }
        var list: [JSONValue] = requirements.map { schemes in
            .object(JSONObject(schemes.map { ($0.rawValue, .array([])) }))
        }
        if documentation?.credentialsOptional == true { list.append([:]) }
        return .array(list)
    }

    static func securitySchemes(cookieName: String) -> JSONObject {
        func header(_ name: String, _ description: String) -> JSONValue {
            ["type": "apiKey", "in": "header", "name": .string(name), "description": .string(description)]
        }
        return [
            "bearer": [
                "type": "http", "scheme": "bearer",
                "description":
                    "An API key (ak_live_…/ak_test_…), an agent key or an access token (JWT); wins over X-API-Key",
            ],
            "apiKey": header("X-API-Key", "An API key (ak_live_…/ak_test_…)"),
            "apiKeyID": header(
                "x-api-key-id", "The key's id, sent with x-api-key (seed 000); must match the key's record"),
            "agentKey": header("x-agent-key", "An agent key (agk_live_…/agk_test_…)"),
            "platformID": header("x-platform-id", "A platform credential's id, with x-platform-secret (seed 002)"),
            "platformSecret": header("x-platform-secret", "A platform credential's secret (sk_live_…)"),
            "session": [
                "type": "apiKey", "in": "cookie", "name": .string(cookieName),
                "description": "The session cookie of an OTP sign-in; read only when no credential header is sent",
            ],
        ]
    }

    // MARK: Responses

    /// The route's own answers and the errors its kind can answer, by status.
    static func responses(_ route: RouteDescription, _ documentation: RouteDocumentation?) -> JSONObject {
        var answers: [Int: RouteDocumentation.Answer] = [:]
        for answer in commonErrors(route, hasBody: documentation?.body != nil) { answers[answer.status] = answer }
        for answer in documentation?.responses ?? [] { answers[answer.status] = answer }
        var responses = JSONObject()
        for status in answers.keys.sorted() {
            responses[String(status)] = response(answers[status]!, route: route)
        }
        return responses
    }

    /// The errors every route of this kind can answer, whatever its handler does.
    static func commonErrors(_ route: RouteDescription, hasBody: Bool) -> [RouteDocumentation.Answer] {
        typealias Answer = RouteDocumentation.Answer
        var errors: [Answer] = [
            .error(400, "Invalid request: a credential in the query string, a malformed query or body")
        ]
        if hasBody {
            errors.append(.error(413, "Body over 64 KiB"))
            errors.append(.error(415, "Wrong Content-Type"))
        }
        if route.requiresPrincipal {
            errors.append(.error(401, "Missing, malformed, wrong, revoked or expired credential"))
            errors.append(.error(403, "A required scope is missing (details.missing_scope), or app_mismatch"))
            errors.append(
                .error(
                    429, "Rate limited",
                    headers: ["Retry-After", "RateLimit-Limit", "RateLimit-Remaining", "RateLimit-Reset"]))
        }
        if route.requiresPlatformAdmin {
            errors.append(.error(401, "No live session"))
            errors.append(.error(403, "Not a platform administrator's session (admin_required)"))
            errors.append(
                .error(429, "Rate limited: unauthenticated requests of the address", headers: ["Retry-After"]))
        }
        if route.acceptsIdempotencyKey {
            errors.append(.error(409, "A request with this Idempotency-Key is still in flight"))
            errors.append(.error(422, "This Idempotency-Key was used with another request"))
        }
        if !route.servedInMaintenance {
            errors.append(.error(503, "Store unreachable or maintenance mode", headers: ["Retry-After"]))
        }
        // A page route (the console) answers its errors as pages, and no session as a 303.
        guard case .page = route.errorStyle else { return errors }
        return errors.filter { $0.status != 401 }.map { .page($0.status, $0.description, headers: $0.headers) }
    }

    static func response(_ answer: RouteDocumentation.Answer, route: RouteDescription) -> JSONValue {
        let isError = answer.status >= 400
        let replayable = !isError && route.acceptsIdempotencyKey
        let names =
            ["X-Request-Id"] + (isError ? ["Cache-Control"] : []) + answer.headers
            + (replayable ? ["Idempotent-Replayed"] : [])
        var headers = JSONObject()
        for name in names { headers[name] = ["$ref": .string("#/components/headers/" + name)] }
        var object: JSONObject = ["description": .string(answer.description), "headers": .object(headers)]
        if answer.hasBody {
            let schema =
                answer.schema
                ?? OpenAPISchemas.ref(route.errorStyle == .oauth ? "OAuthError" : "Error")
            var content = JSONObject()
            for type in answer.mediaTypes {
                content[type] = ["schema": type == "text/html" ? OpenAPISchemas.html : schema]
            }
            object["content"] = .object(content)
        }
        return .object(object)
    }
}

extension RouteDescription {
    /// Whether the dispatcher resolves a principal before the handler runs.
    var requiresPrincipal: Bool {
        switch access {
        case .principal, .authorizer: true
        case .open, .platformAdmin: false
        }
    }

    /// Whether the route is admin-only: the dispatcher resolves a platform administrator's session.
    var requiresPlatformAdmin: Bool {
        if case .platformAdmin = access { return true }
        return false
    }

    /// Whether `Idempotency-Key` applies (SPEC §6: every mutating POST with a principal).
    var acceptsIdempotencyKey: Bool {
        IdempotencyPolicy.applies(method: method, access: access, function: function.rawValue)
    }
}
