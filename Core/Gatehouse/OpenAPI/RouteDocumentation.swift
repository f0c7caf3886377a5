/// What the OpenAPI document and the README say about one operation beyond what the catalog
/// already knows (method, pattern, owner, access, error style): the parameters it reads, the
/// credential an open route reads itself, its body and its answers. One entry per ``Operation``
/// in ``RouteDocumentation/entries``; a test fails, naming the operation, when one is missing.
///
/// The errors every route of a kind can answer (400 for a credential in the query, 401/403/429 on
/// authenticated routes, 413/415 where a body is read, 409/422 for `Idempotency-Key`, 503 when the
/// store is unwell) are added by ``OpenAPIDocument`` from the catalog; an entry lists only the
/// answers particular to its handler.
public struct RouteDocumentation: Sendable {
    /// What the route does beyond its summary, in Markdown: the README's "what it does" column and
    /// the operation's `description`.
    public let notes: String
    /// Query and header parameters (path parameters come from the pattern).
    public let parameters: [Parameter]
    /// For an open route that reads its own credential, the ways to present it (each an
    /// OpenAPI security requirement, several schemes together); nil for a route without one.
    public let credentials: [[SecurityScheme]]?
    /// Whether the route's own credential may be left out (logout).
    public let credentialsOptional: Bool
    /// The request body, if the route reads one.
    public let body: Body?
    /// Every answer particular to the route: its successes and the errors its handler raises.
    public var responses: [Answer]

    /// A documentation entry.
    public init(
        _ notes: String, parameters: [Parameter] = [], credentials: [[SecurityScheme]]? = nil,
        credentialsOptional: Bool = false, body: Body? = nil, responses: [Answer]
    ) {
        self.notes = notes
        self.parameters = parameters
        self.credentials = credentials
        self.credentialsOptional = credentialsOptional
        self.body = body
        self.responses = responses
    }

    /// A query or header parameter.
    public struct Parameter: Sendable {
        /// Where the parameter is sent.
        public enum Location: String, Sendable { case query, header }

        public let name: String
        public let location: Location
        public let required: Bool
        public let schema: JSONValue
        public let description: String

        /// A query parameter.
        public static func query(
            _ name: String, _ schema: JSONValue, required: Bool = false, _ description: String
        )
            -> Parameter
        {
            Parameter(name: name, location: .query, required: required, schema: schema, description: description)
        }

        /// A header parameter.
        public static func header(
            _ name: String, _ schema: JSONValue, required: Bool = false, _ description: String
        )
            -> Parameter
        {
            Parameter(name: name, location: .header, required: required, schema: schema, description: description)
        }
    }

    /// A request body: its media type and schema.
    public struct Body: Sendable {
        public let mediaType: String
        public let schema: JSONValue
        public let required: Bool

        /// A JSON body (`application/json`).
        public static func json(_ schema: JSONValue, required: Bool = true) -> Body {
            Body(mediaType: "application/json", schema: schema, required: required)
        }

        /// A form body (`application/x-www-form-urlencoded`).
        public static func form(_ schema: JSONValue) -> Body {
            Body(mediaType: "application/x-www-form-urlencoded", schema: schema, required: true)
        }
    }

    /// One documented answer.
    public struct Answer: Sendable {
        public let status: Int
        public let description: String
        /// The body's schema (JSON); nil for an error (the route's error envelope) or no body.
        public let schema: JSONValue?
        /// Whether the answer has a body at all.
        public let hasBody: Bool
        /// Names of the ``OpenAPISchemas/headers`` the answer carries (each says whether it is
        /// always there).
        public let headers: [String]
        /// The media types of the body: JSON, or the HTML of the authorization pages (a page
        /// answers HTML, the dispatcher's own refusals JSON).
        public var mediaTypes = ["application/json"]

        /// A success with a JSON body.
        public static func success(
            _ status: Int = 200, _ description: String, _ schema: JSONValue,
            headers: [String] = []
        ) -> Answer {
            Answer(status: status, description: description, schema: schema, hasBody: true, headers: headers)
        }

        /// A success without a body.
        public static func empty(_ status: Int, _ description: String) -> Answer {
            Answer(status: status, description: description, schema: nil, hasBody: false, headers: [])
        }

        /// An HTML page of the authorization endpoint; `orJSON`: the dispatcher may answer the
        /// status too, in the route's error envelope.
        public static func page(
            _ status: Int, _ description: String, headers: [String] = [], orJSON: Bool = false
        ) -> Answer {
            Answer(
                status: status, description: description, schema: nil, hasBody: true,
                headers: ["Cache-Control", "Content-Security-Policy", "X-Frame-Options"] + headers,
                mediaTypes: ["text/html"] + (orJSON ? ["application/json"] : []))
        }

        /// A 303 to `Location`, without a body.
        public static func seeOther(_ description: String) -> Answer {
            Answer(
                status: 303, description: description, schema: nil, hasBody: false,
                headers: ["Location", "Cache-Control"])
        }

        /// An error in the route's envelope.
        public static func error(
            _ status: Int, _ description: String, headers: [String] = []
        )
            -> Answer
        {
            Answer(status: status, description: description, schema: nil, hasBody: true, headers: headers)
        }
    }

    /// The credential schemes of SPEC §3, as named in `components.securitySchemes`.
    public enum SecurityScheme: String, Sendable, CaseIterable {
        /// `Authorization: Bearer` with an API key, an agent key or an access token.
        case bearer
        /// `X-API-Key`.
        case apiKey
        /// `x-api-key-id`, sent with `x-api-key` (seed 000).
        case apiKeyID
        /// `x-agent-key`.
        case agentKey
        /// `x-platform-id` (with `x-platform-secret`).
        case platformID
        /// `x-platform-secret` (with `x-platform-id`).
        case platformSecret
        /// The session cookie.
        case session
    }
}
