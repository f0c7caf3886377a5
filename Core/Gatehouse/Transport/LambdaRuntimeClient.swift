/// One invocation handed out by the Lambda Runtime API (`GET /runtime/invocation/next`).
public struct LambdaInvocation: Sendable, Equatable {
    /// `Lambda-Runtime-Aws-Request-Id`: names the invocation in `/response` and `/error`.
    public var requestID: String
    /// `Lambda-Runtime-Deadline-Ms`: when the platform stops the invocation, Unix milliseconds.
    public var deadlineMilliseconds: Int64?
    /// `Lambda-Runtime-Trace-Id`: the X-Ray trace header, exported as `_X_AMZN_TRACE_ID`.
    public var traceID: String?
    /// `Lambda-Runtime-Invoked-Function-Arn`.
    public var invokedFunctionARN: String?
    /// The event, as the Runtime API sent it.
    public var event: [UInt8]

    /// An invocation.
    public init(
        requestID: String, deadlineMilliseconds: Int64? = nil, traceID: String? = nil,
        invokedFunctionARN: String? = nil, event: [UInt8]
    ) {
        self.requestID = requestID
        self.deadlineMilliseconds = deadlineMilliseconds
        self.traceID = traceID
        self.invokedFunctionARN = invokedFunctionARN
        self.event = event
    }
}

/// An error reported to the Runtime API (`/error`, `/init/error`): `{"errorMessage","errorType"}`.
/// The message is the caller's to keep free of secrets; Gatehouse's never hold one.
public struct LambdaErrorReport: Sendable, Equatable {
    /// A short type, e.g. `Gatehouse.InvalidEvent` or `Runtime.ConfigurationError`.
    public var type: String
    /// What went wrong.
    public var message: String

    /// A report.
    public init(type: String, message: String) {
        self.type = type
        self.message = message
    }

    /// The JSON document the Runtime API expects.
    public var json: [UInt8] {
        JSONValue.object(["errorMessage": .string(message), "errorType": .string(type)]).serialized()
    }
}

/// Why a Runtime API call failed.
public struct LambdaRuntimeError: Error, Equatable, CustomStringConvertible {
    /// How the loop reacts.
    public enum Kind: Sendable, Equatable {
        /// The connection failed or closed, or the API answered 5xx: try again after a pause.
        case transient
        /// The API refused this call (4xx): do not repeat it.
        case rejected(status: Int)
    }

    /// How the loop reacts.
    public let kind: Kind
    /// What happened, for logs (never a body).
    public let description: String

    /// A failure worth retrying.
    public static func transient(_ description: String) -> LambdaRuntimeError {
        LambdaRuntimeError(kind: .transient, description: description)
    }

    /// A refusal by the API.
    public static func rejected(status: Int, _ description: String) -> LambdaRuntimeError {
        LambdaRuntimeError(kind: .rejected(status: status), description: description)
    }
}

/// The Lambda Runtime API (2018-06-01) as the runtime loop sees it. The real one is
/// ``CurlLambdaRuntimeClient``; tests drive ``LambdaRuntimeLoop`` with their own.
public protocol LambdaRuntimeClient {
    /// Waits for the next invocation (`GET /runtime/invocation/next`).
    func nextInvocation() throws(LambdaRuntimeError) -> LambdaInvocation
    /// Delivers an invocation's result (`POST /runtime/invocation/{id}/response`).
    func sendResponse(_ body: [UInt8], requestID: String) throws(LambdaRuntimeError)
    /// Reports that an invocation failed (`POST /runtime/invocation/{id}/error`).
    func sendError(_ report: LambdaErrorReport, requestID: String) throws(LambdaRuntimeError)
    /// Reports that the function cannot start (`POST /runtime/init/error`).
    func sendInitializationError(_ report: LambdaErrorReport) throws(LambdaRuntimeError)
}

/// The Runtime API over HTTP with libcurl, at `AWS_LAMBDA_RUNTIME_API` (`host:port`). One
/// connection, kept alive across invocations.
public final class CurlLambdaRuntimeClient: LambdaRuntimeClient {
    private let base: String
    private let http: CurlHTTPClient

    /// The largest event accepted (Lambda's synchronous payload limit is 6 MB).
    public static let maximumEventSize = 6 << 20

    /// A client for the Runtime API at `endpoint` (`host:port`, as in `AWS_LAMBDA_RUNTIME_API`).
    public init(endpoint: String) throws(CurlHTTPClient.Failure) {
        guard !endpoint.isEmpty, !endpoint.containsLineBreakOrNUL, !endpoint.contains("/") else {
            throw CurlHTTPClient.Failure("AWS_LAMBDA_RUNTIME_API is not host:port")
        }
        base = "http://\(endpoint)/2018-06-01/runtime"
        http = try CurlHTTPClient()
    }

    public func nextInvocation() throws(LambdaRuntimeError) -> LambdaInvocation {
        // No overall timeout: the API holds this request until an event arrives.
        let reply = try exchange("GET", base + "/invocation/next", timeoutMilliseconds: 0)
        guard reply.status == 200 else { throw Self.failure(reply.status, "invocation/next") }
        guard let requestID = reply.headers["Lambda-Runtime-Aws-Request-Id"], !requestID.isEmpty,
            !requestID.contains("/"), !requestID.containsLineBreakOrNUL
        else {
            let names = reply.headers.map(\.name).joined(separator: ",")
            throw .transient(
                "invocation/next answered without a usable Lambda-Runtime-Aws-Request-Id (headers: \(names))")
        }
        return LambdaInvocation(
            requestID: requestID,
            deadlineMilliseconds: reply.headers["Lambda-Runtime-Deadline-Ms"].flatMap { Int64($0) },
            traceID: reply.headers["Lambda-Runtime-Trace-Id"],
            invokedFunctionARN: reply.headers["Lambda-Runtime-Invoked-Function-Arn"], event: reply.body)
    }

    public func sendResponse(_ body: [UInt8], requestID: String) throws(LambdaRuntimeError) {
        let reply = try exchange("POST", base + "/invocation/\(requestID)/response", body: body)
        guard (200..<300).contains(reply.status) else { throw Self.failure(reply.status, "response") }
    }

    public func sendError(_ report: LambdaErrorReport, requestID: String) throws(LambdaRuntimeError) {
        let reply = try exchange(
            "POST", base + "/invocation/\(requestID)/error", body: report.json,
            headers: ["Lambda-Runtime-Function-Error-Type: \(report.type)"])
        guard (200..<300).contains(reply.status) else { throw Self.failure(reply.status, "error") }
    }

    public func sendInitializationError(_ report: LambdaErrorReport) throws(LambdaRuntimeError) {
        let reply = try exchange(
            "POST", base + "/init/error", body: report.json,
            headers: ["Lambda-Runtime-Function-Error-Type: \(report.type)"])
        guard (200..<300).contains(reply.status) else { throw Self.failure(reply.status, "init/error") }
    }

    private func exchange(
        _ method: String, _ url: String, body: [UInt8]? = nil, headers: [String] = [],
        timeoutMilliseconds: Int = 10_000
    ) throws(LambdaRuntimeError) -> CurlHTTPClient.Reply {
        do {
            return try http.send(
                method: method, url: url,
                headers: body == nil ? headers : headers + ["Content-Type: application/json"], body: body,
                timeoutMilliseconds: timeoutMilliseconds, maximumResponseSize: Self.maximumEventSize)
        } catch {
            throw .transient(error.description)
        }
    }

    private static func failure(_ status: Int, _ call: String) -> LambdaRuntimeError {
        status >= 500 || status < 100
            ? .transient("\(call) answered \(status)") : .rejected(status: status, "\(call) answered \(status)")
    }
}
