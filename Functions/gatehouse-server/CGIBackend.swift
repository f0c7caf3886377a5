import Dispatch
import GatehouseCore
import Synchronization
#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// Runs each request through the function executable that owns its route, as a CGI program.
struct CGIBackend: RequestBackend {
    let application: Dispatcher
    let binDir: String
    let environment: [String: String]
    let port: Int

    func respond(to request: APIRequest) -> APIResponse {
        guard case .found(let route, _) = application.routes.match(method: request.method, path: request.path) else {
            // Unknown routes and methods get the same answer the functions would give.
            return application.handle(request, redis: RedisClient(configuration: application.configuration.redis))
        }
        let variables = CGITransport.environment(
            for: request, serverPort: port,
            base: environment.filter { $0.key.hasPrefix("GATEHOUSE_") || $0.key == "PATH" })
        guard
            let output = CGIProcess.run(
                executable: binDir + "/" + route.function, environment: variables,
                input: request.body),
            let response = CGITransport.parseResponse(output)
        else {
            application.logger.error("CGI function failed", metadata: ["function": .string(route.function)])
            return ErrorEnvelope.response(for: .internal, requestID: RequestID.mint())
        }
        return response
    }
}
