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
