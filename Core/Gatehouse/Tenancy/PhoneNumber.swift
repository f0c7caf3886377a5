/// Phone numbers in E.164 form (`+` and 7 to 15 digits, no leading zero).
public enum PhoneNumber {
    /// Whether a string is already a well-formed E.164 number.
    public static func isE164(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        guard bytes.count >= 8, bytes.count <= 16, bytes[0] == UInt8(ascii: "+"), bytes[1] != UInt8(ascii: "0") else {
            return false
        }
        return bytes.dropFirst().allSatisfy { (0x30...0x39).contains($0) }
    }
}
