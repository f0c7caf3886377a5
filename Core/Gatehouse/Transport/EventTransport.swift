/// API Gateway HTTP API v2 / Lambda Function URL events: the JSON shape used by the stdin/stdout
/// mode, the Lambda runtime loop and webhook-style triggers.
public enum EventTransport {
    /// The request an event describes; 400 for anything that is not a v2 HTTP event.
    public static func request(event bytes: [UInt8]) throws(GatehouseError) -> APIRequest {
        let value: JSONValue
        do {
            value = try JSONValue.parse(bytes, maxDepth: 16)
        } catch {
            throw GatehouseError.invalidRequest(
                "The event is not valid JSON", details: ["problem": .string("\(error)")])
        }
        return try request(event: value)
    }

    /// The request a parsed event describes; 400 for anything that is not a v2 HTTP event.
    public static func request(event value: JSONValue) throws(GatehouseError) -> APIRequest {
        guard let event = value.objectValue,
            let http = event["requestContext"]?["http"]?.objectValue,
            let method = http["method"]?.stringValue, !method.isEmpty
        else { throw GatehouseError.invalidRequest("The event is not an API Gateway v2 HTTP event") }

        var headers = HeaderFields()
        if let fields = event["headers"]?.objectValue {
            for (name, fieldValue) in fields.members {
                guard let text = fieldValue.stringValue else {
                    throw GatehouseError.invalidRequest("Event header values must be strings")
                }
                guard name.asciiLowercased != "proxy" else { continue }
                headers.add(name.asciiLowercased, text)
            }
        }
        if let cookies = event["cookies"]?.arrayValue, !cookies.isEmpty {
            headers.set("cookie", cookies.compactMap(\.stringValue).joined(separator: "; "))
        }

        var body: [UInt8] = []
        if let text = event["body"]?.stringValue {
            if event["isBase64Encoded"]?.boolValue == true {
                guard let decoded = Base64.decode(text) else {
                    throw GatehouseError.invalidRequest("The event body is not valid base64")
                }
                body = decoded
            } else {
                body = Array(text.utf8)
            }
        }
        try RequestLimits.requireBody(count: body.count)
        let path = event["rawPath"]?.stringValue ?? http["path"]?.stringValue ?? "/"
        return APIRequest(
            method: method, path: path, rawQuery: event["rawQueryString"]?.stringValue ?? "", headers: headers,
            body: body,
            remoteAddress: http["sourceIp"]?.stringValue)
    }

    /// The v2 response object: `Set-Cookie` fields go to `cookies`, repeated fields are joined.
    public static func render(_ response: APIResponse) -> JSONValue {
        var headers = JSONObject()
        var cookies: [JSONValue] = []
        for field in response.headers {
            if field.name.isEqualIgnoringASCIICase("set-cookie") {
                cookies.append(.string(field.value))
            } else if let existing = headers[field.name]?.stringValue {
                headers[field.name] = .string(existing + ", " + field.value)
            } else {
                headers[field.name] = .string(field.value)
            }
        }
        var object: JSONObject = ["statusCode": .integer(Int64(response.status)), "headers": .object(headers)]
        if !cookies.isEmpty { object["cookies"] = .array(cookies) }
        if let text = String(validating: response.body, as: UTF8.self) {
            object["body"] = .string(text)
            object["isBase64Encoded"] = false
        } else {
            object["body"] = .string(Base64.encode(response.body))
            object["isBase64Encoded"] = true
        }
        return .object(object)
    }
}
