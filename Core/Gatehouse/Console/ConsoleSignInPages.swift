/// The console's sign-in pages: the phone form, then the code form (``PhoneSignIn``).
enum ConsoleSignInPages {
    /// The phone form.
    static func phone(_ page: ConsolePage, problem: String? = nil, status: Int = 200) -> APIResponse {
        let content =
            "<h1>Sign in to the console</h1>"
            + "<p class=\"muted\">Manage your workspace's API keys. We will text you a one-time code.</p>"
            + HTMLPage.problem(problem, id: "phone-problem")
            + page.form(
                "/console/signin",
                step("phone") + PhoneSignInFields.phone(problem: problem) + "<button type=\"submit\">Send code</button>")
        return page.answer(HTMLPage.page(status: status, title: "Sign in", content: content))
    }

    /// The code form.
    static func code(
        _ page: ConsolePage, lifetimeMinutes: Int, problem: String? = nil, status: Int = 200
    ) -> APIResponse {
        let content =
            PhoneSignInFields.codeIntroduction(lifetimeMinutes: lifetimeMinutes)
            + HTMLPage.problem(problem, id: "code-problem")
            + page.form(
                "/console/signin",
                step("code") + PhoneSignInFields.code(problem: problem) + "<button type=\"submit\">Sign in</button>")
            + page.form(
                "/console/signin",
                step("restart") + "<p><button type=\"submit\" class=\"link\">Use a different number</button></p>")
        return page.answer(HTMLPage.page(status: status, title: "Enter your code", content: content))
    }

    private static func step(_ name: String) -> String {
        "<input type=\"hidden\" name=\"step\" value=\"\(name)\">"
    }
}
