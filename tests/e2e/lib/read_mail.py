"""Prints one mail (an .eml file) as JSON: to, from, subject, text, html, and the token
(from the link's #token=) and the 6-digit code found in the text part.

    read_mail.py FILE
"""
import email
import email.policy
import json
import re
import sys

with open(sys.argv[1], "rb") as f:
    message = email.message_from_binary_file(f, policy=email.policy.default)
text = message.get_body(preferencelist=("plain",))
html = message.get_body(preferencelist=("html",))
text = text.get_content() if text is not None else ""
html = html.get_content() if html is not None else ""
token = re.search(r"#token=([A-Za-z0-9_-]+)", text)
code = re.search(r"code: ([0-9]{6})", text)
print(json.dumps({
    "to": str(message["To"]),
    "from": str(message["From"]),
    "subject": str(message["Subject"]),
    "text": text,
    "html": html,
    "token": token.group(1) if token else None,
    "code": code.group(1) if code else None,
}))
