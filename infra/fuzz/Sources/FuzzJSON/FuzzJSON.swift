import FuzzSupport
import GatehouseCore

/// The JSON parser: never crashes; a value it accepts serializes to text it parses back to itself.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let bytes = UnsafeBufferPointer(start: data, count: size)
    guard let value = try? JSONValue.parse(bytes) else { return 0 }
    let text = value.serialized()
    guard let again = try? JSONValue.parse(text), again == value else {
        fatalError("serialize ∘ parse is not the identity")
    }
    return 0
}

/// SwiftPM links an executable's entry point as `FuzzJSON_main`: hand it to libFuzzer.
@_cdecl("FuzzJSON_main")
public func entryPoint(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
    runFuzzer(argc, argv, fuzz)
}
