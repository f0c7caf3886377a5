/// The OpenAPI 3.1 description of every route in ``RouteCatalog`` (SPEC §6): served by `jwks` at
/// `GET /openapi.json` and committed as `infra/openapi.json`.
public enum OpenAPIDocument {
    /// The document for a deployment whose public base URL is `issuer`.
    public static func document(issuer: String) -> JSONValue {
        [
            "openapi": "3.1.0",
            "info": [
                "title": "Gatehouse",
                "version": "1",
                "description": "API authentication: API keys, OTP sign-in, tokens, rotation, agents, verification.",
            ],
            "servers": [["url": .string(issuer)]],
            "tags": .array(RouteCatalog.functions.map { ["name": .string($0.name.rawValue), "description": .string($0.summary)] }),
            "paths": .object(paths()),
            "components": ["securitySchemes": securitySchemes, "schemas": schemas],
        ]
    }

    /// Every pattern of the catalog with its operations, in catalog order.
    static func paths() -> JSONObject {
        var paths = JSONObject()
        var order: [String] = []
        var operations: [String: JSONObject] = [:]
        for route in RouteCatalog.routes {
            if operations[route.pattern] == nil {
                order.append(route.pattern)
                operations[route.pattern] = JSONObject()
            }
            operations[route.pattern]![route.method.asciiLowercased] = .object(operation(route))
        }
        for pattern in order {
            var item = operations[pattern]!
            let parameters = RouteCatalog.routes.first { $0.pattern == pattern }!.pathParameters
            if !parameters.isEmpty {
                item["parameters"] = .array(
                    parameters.map { name in
                        ["name": .string(name), "in": "path", "required": true, "schema": ["type": "string"]]
                    })
            }
            paths[pattern] = .object(item)
        }
        return paths
    }

    /// One operation object.
    static func operation(_ route: RouteDescription) -> JSONObject {
        var operation: JSONObject = [
            "operationId": .string(route.operation.rawValue),
            "summary": .string(route.summary),
            "tags": [.string(route.function.rawValue)],
        ]
        var responses: JSONObject = ["200": ["description": "Success"]]
        let errorSchema: JSONValue =
            route.errorStyle == .oauth ? ["$ref": "#/components/schemas/OAuthError"] : ["$ref": "#/components/schemas/Error"]
        func error(_ status: String, _ description: String) {
            responses[status] = ["description": .string(description), "content": ["application/json": ["schema": errorSchema]]]
        }
        error("400", "Invalid request")
        switch route.access {
        case .open:
            break
        case .principal(let scope):
            operation["security"] = securityRequirements
            if let scope { operation["x-required-scope"] = .string(scope.description) }
            error("401", "No valid credential")
            error("403", "Forbidden")
        case .authorizer:
            operation["security"] = securityRequirements
            error("401", "No valid credential")
            error("403", "Forbidden")
            error("429", "Rate limited")
        }
        if !route.servedInMaintenance { error("503", "Unavailable: store unreachable or maintenance") }
        operation["responses"] = .object(responses)
        return operation
    }

    /// Every credential of SPEC §3, each one way to satisfy an authenticated route.
    static let securityRequirements: JSONValue = [
        ["bearer": []], ["apiKey": []], ["agentKey": []], ["platform": [], "platformSecret": []], ["session": []],
    ]

    static let securitySchemes: JSONValue = [
        "bearer": ["type": "http", "scheme": "bearer", "description": "An API key or an access token (JWT)"],
        "apiKey": ["type": "apiKey", "in": "header", "name": "X-API-Key"],
        "agentKey": ["type": "apiKey", "in": "header", "name": "x-agent-key"],
        "platform": ["type": "apiKey", "in": "header", "name": "x-platform-id"],
        "platformSecret": ["type": "apiKey", "in": "header", "name": "x-platform-secret"],
        "session": ["type": "apiKey", "in": "cookie", "name": "__Host-gh_session"],
    ]

    static let schemas: JSONValue = [
        "Error": [
            "type": "object", "required": ["error"],
            "properties": [
                "error": [
                    "type": "object", "required": ["code", "message", "request_id"],
                    "properties": [
                        "code": ["type": "string"], "message": ["type": "string"],
                        "details": ["type": "object"], "request_id": ["type": "string"],
                    ],
                ]
            ],
        ],
        "OAuthError": [
            "type": "object", "required": ["error"],
            "properties": ["error": ["type": "string"], "error_description": ["type": "string"]],
        ],
    ]
}
