import Logging
#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Process-level pieces of the Lambda runtime.
public enum LambdaRuntime {
    /// Sleeps for `milliseconds`.
    public static func sleepMilliseconds(_ milliseconds: Int) {
        guard milliseconds > 0 else { return }
        var request = timespec(tv_sec: milliseconds / 1000, tv_nsec: (milliseconds % 1000) * 1_000_000)
        var remaining = timespec()
        while nanosleep(&request, &remaining) == -1 && errno == EINTR { request = remaining }
    }

    /// Sets `_X_AMZN_TRACE_ID` for the invocation (X-Ray SDKs read it), or unsets it.
    public static func exportTraceID(_ traceID: String?) {
        if let traceID, !traceID.containsLineBreakOrNUL {
            setenv("_X_AMZN_TRACE_ID", traceID, 1)
        } else {
            unsetenv("_X_AMZN_TRACE_ID")
        }
    }
}
