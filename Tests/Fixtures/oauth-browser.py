"""Drives Debian's chromium through the authorization pages with Selenium (no driver download):
sign in by phone OTP (the code read from the test delivery receiver's log), then approve or deny
consent, and print where the browser landed as JSON. With --screenshots DIR, also saves each page
(sign-in, code, consent, error) at phone (375 px) and desktop width.

    python3 oauth-browser.py --base URL --query QUERY --phone +1555… --receiver-log FILE \
        --callback-port PORT --decision approve|deny [--screenshots DIR] [--error-query QUERY]
"""
import argparse, json, threading, urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as conditions
from selenium.webdriver.support.ui import WebDriverWait

from pagebrowser import SIZES, browser, shoot, sign_in


class Callback(BaseHTTPRequestHandler):
    def do_GET(self):
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.end_headers()
        self.wfile.write(b"<!doctype html><title>callback</title><h1>Back in the app</h1>")

    def log_message(self, *args):
        pass


def main():
    parser = argparse.ArgumentParser()
    for name in ["base", "query", "phone", "receiver-log", "decision"]:
        parser.add_argument("--" + name, required=True)
    parser.add_argument("--callback-port", type=int, required=True)
    parser.add_argument("--screenshots")
    parser.add_argument("--error-query")
    args = parser.parse_args()

    server = ThreadingHTTPServer(("127.0.0.1", args.callback_port), Callback)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    driver = browser()
    wait = WebDriverWait(driver, 15)
    try:
        driver.set_window_size(*SIZES["desktop"])
        driver.get(args.base + "/oauth/authorize?" + args.query)
        sign_in(driver, wait, args.phone, args.receiver_log, args.screenshots)
        wait.until(conditions.presence_of_element_located((By.CSS_SELECTOR, "button[value=approve]")))
        consent = driver.find_element(By.TAG_NAME, "main").text
        shoot(driver, args.screenshots, "consent")
        driver.find_element(By.CSS_SELECTOR, f"button[value={args.decision}]").click()
        callback = f"http://127.0.0.1:{args.callback_port}/callback"
        wait.until(lambda d: d.current_url.startswith(callback))
        landed = driver.current_url
        cookies = [cookie["name"] for cookie in driver.get_cookies()]
        if args.error_query:
            driver.get(args.base + "/oauth/authorize?" + args.error_query)
            wait.until(conditions.presence_of_element_located((By.TAG_NAME, "h1")))
            shoot(driver, args.screenshots, "error")
        query = urllib.parse.urlsplit(landed).query
        print(json.dumps({
            "url": landed, "parameters": urllib.parse.parse_qsl(query, keep_blank_values=True),
            "consent": consent, "cookies": cookies,
        }))
    finally:
        driver.quit()
        server.shutdown()


main()
