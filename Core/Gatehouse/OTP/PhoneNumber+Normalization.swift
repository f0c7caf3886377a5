extension PhoneNumber {
    /// The `phone` of a request body in E.164, normalised the same way on every route (send-otp,
    /// verify-otp, POST /v1/owners, POST /v1/users): 422 naming `phone` when it cannot be one.
    static func requestField(_ text: String, defaultCountryCode: String) throws(GatehouseError) -> String {
        guard let phone = normalize(text, defaultCountryCode: defaultCountryCode) else {
            throw GatehouseError.validation("phone must be a phone number, e.g. +15551234567", field: "phone")
        }
        return phone
    }

    /// The E.164 form of a phone number as a person typed it, or nil when it cannot be one.
    ///
    /// Spaces, dashes, dots and parentheses are ignored. A leading `+` or the international prefix
    /// `00` means the country code follows. Otherwise the number is national: one leading trunk `0`
    /// is dropped and `defaultCountryCode` is put in front, unless the digits already start with
    /// that country code and are longer than a national number (more than 10 digits), as
    /// `15551234567` does for country code 1. So `+1 555 123 4567`, `001-555-123-4567`,
    /// `(555) 123-4567` and `5551234567` are all `+15551234567` when the default country code is 1.
    ///
    /// - Parameters:
    ///   - text: what was typed; at most 32 characters.
    ///   - defaultCountryCode: the calling code of the default country, 1 to 3 digits without `+`.
    public static func normalize(_ text: String, defaultCountryCode: String) -> String? {
        let bytes = Array(text.utf8)
        guard !bytes.isEmpty, bytes.count <= 32 else { return nil }
        var digits: [UInt8] = []
        var international = false
        for (index, byte) in bytes.enumerated() {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                digits.append(byte)
            case UInt8(ascii: "+"):
                // A plus is only meaningful before any digit.
                guard digits.isEmpty, !international, index == bytes.firstIndex(where: { $0 != 0x20 }) else {
                    return nil
                }
                international = true
            case 0x20, UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "("), UInt8(ascii: ")"):
                continue
            default:
                return nil
            }
        }
        let country = Array(defaultCountryCode.utf8)
        if !international {
            if digits.starts(with: [0x30, 0x30]) {
                digits.removeFirst(2)
            } else if digits.first == 0x30 {
                digits = country + digits.dropFirst()
            } else if !(digits.count > 10 && digits.starts(with: country)) {
                digits = country + digits
            }
        }
        let candidate = "+" + String(decoding: digits, as: UTF8.self)
        return isE164(candidate) ? candidate : nil
    }

    /// Whether a string is a valid calling code: 1 to 3 digits, not starting with 0.
    public static func isCountryCode(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        return (1...3).contains(bytes.count) && bytes[0] != 0x30 && bytes.allSatisfy { (0x30...0x39).contains($0) }
    }
}
