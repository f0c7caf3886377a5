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
