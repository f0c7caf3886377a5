/// What one event handed to a function (on standard input or by the Lambda Runtime API) is, and
/// its answer: the one way events enter Gatehouse, whichever transport carries them.
///
/// - An API Gateway HTTP API v2 or Function URL event is served as the HTTP request it describes
///   and answered with the v2 response object.
/// - An API Gateway REQUEST authorizer event (payload format 2.0) is served as `GET /v1/verify` with
///   the event's headers, cookies and source IP, and answered in the authorizer's simple form
///   (``VerifyAuthorizer``); a function without that route answers `isAuthorized: false`.
/// - Anything else is not an HTTP event: the event transport answers 400, the Lambda loop reports
///   an invocation error.
public enum EventInput {
    /// An event, classified.
    public enum Kind {
        case http(JSONValue)
        case authorizer(JSONValue)
        /// Not JSON, or JSON of no known shape; the error says which.
        case unknown(GatehouseError)
    }

    /// Classifies an event's bytes (at most ``RequestLimits/event``).
    public static func classify(_ bytes: [UInt8]) -> Kind {
        guard bytes.count <= RequestLimits.event else { return .unknown(.payloadTooLarge(limit: RequestLimits.event)) }
        let value: JSONValue
        do {
            value = try JSONValue.parse(bytes, maxDepth: 16)
        } catch {
            return .unknown(
                GatehouseError.invalidRequest("The event is not valid JSON", details: ["problem": .string("\(error)")]))
        }
        if VerifyAuthorizer.isAuthorizerEvent(value) { return .authorizer(value) }
        if value["requestContext"]?["http"]?["method"]?.stringValue?.isEmpty == false { return .http(value) }
        return .unknown(.invalidRequest("The event is not an API Gateway v2 HTTP event"))
    }

    /// The answer to an HTTP or authorizer event (the JSON to return) and the work to run once it
    /// is delivered; nil for an event of unknown shape.
    public static func answer(
        _ kind: Kind, application: Dispatcher, redis: RedisClient, requestID: String
    ) -> (JSONValue, [DeferredWork])? {
        switch kind {
        case .http(let event):
            let response: APIResponse
            do {
                response = application.handle(try EventTransport.request(event: event), redis: redis, requestID: requestID)
            } catch {
                response = application.refuse(error, requestID: requestID, transport: "event")
            }
            return (EventTransport.render(response), response.deferred)
        case .authorizer(let event):
            let response: APIResponse
            do {
                response = application.handle(
                    try VerifyAuthorizer.request(fromEvent: event), redis: redis, requestID: requestID)
            } catch {
                response = application.refuse(error, requestID: requestID, transport: "authorizer")
            }
            return (VerifyAuthorizer.simpleResponse(for: response), response.deferred)
        case .unknown:
            return nil
        }
    }
}
