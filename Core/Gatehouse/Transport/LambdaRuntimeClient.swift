

/// The Lambda Runtime API (2018-06-01) as the runtime loop sees it. The real one is
/// ``SocketLambdaRuntimeClient``; tests drive ``LambdaRuntimeLoop`` with their own.
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
