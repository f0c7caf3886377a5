import FuzzSupport
import GatehouseCore

/// The API Gateway v2 event → APIRequest, and the verify authorizer's reading of it: never crashes.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    if let request = try? EventTransport.request(event: bytes) { _ = request.queryItems }
    if let event = try? JSONValue.parse(bytes, maxDepth: 16), VerifyAuthorizer.isAuthorizerEvent(event) {
        _ = try? VerifyAuthorizer.request(fromEvent: event)
    }
    return 0
}

/// SwiftPM links an executable's entry point as `FuzzEventRequest_main`: hand it to libFuzzer.
@_cdecl("FuzzEventRequest_main")
public func entryPoint(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
    runFuzzer(argc, argv, fuzz)
}
