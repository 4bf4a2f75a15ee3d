#!/usr/bin/env python3
"""Writes the mail fixtures of this folder from aggregate.xml and
tlsrpt.json with Python's own email, zipfile and gzip modules: a peer
implementation, so the tests check our reader against another writer.
Deterministic (fixed dates, boundaries and gzip mtime): run it again and
the files do not change."""

import base64
import gzip
import io
import zipfile
from email.mime.application import MIMEApplication
from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText
from email import policy
from pathlib import Path

HERE = Path(__file__).parent
XML = (HERE / "aggregate.xml").read_bytes()
JSON = (HERE / "tlsrpt.json").read_bytes()
NAME = "google.com!example.jp!1700000000!1700086399"


def write(name, msg):
    (HERE / name).write_bytes(msg.as_bytes(policy=policy.SMTP))


def headers(msg, sender, subject):
    msg["From"] = sender
    msg["To"] = "dmarc-rua@example.jp"
    msg["Date"] = "Wed, 15 Nov 2023 10:00:00 +0000"
    msg["Message-ID"] = f"<{sender.replace('@', '.')}@fixture.example>"
    msg["Subject"] = subject


# Google: one application/zip attachment, base64, no text part.
buf = io.BytesIO()
with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
    info = zipfile.ZipInfo(f"{NAME}.xml", date_time=(2023, 11, 15, 0, 0, 0))
    info.compress_type = zipfile.ZIP_DEFLATED
    z.writestr(info, XML)
msg = MIMEMultipart("mixed", boundary="000000000000b1a5e2060a1c2d3e")
headers(msg, "noreply-dmarc-support@google.com", "Report domain: example.jp Submitter: google.com Report-ID: 12345678901234567890")
part = MIMEApplication(buf.getvalue(), "zip", name=f"{NAME}.zip")
part.add_header("Content-Disposition", "attachment", filename=f"{NAME}.zip")
msg.attach(part)
write("google-zip.eml", msg)

# Microsoft: a text part, then application/gzip.
gz = gzip.compress(XML, mtime=0)
msg = MIMEMultipart("mixed", boundary="_000_MSFT_boundary_")
headers(msg, "dmarcreport@microsoft.com", "Report Domain: example.jp Submitter: enterprise.protection.outlook.com")
msg.attach(MIMEText("This is a DMARC aggregate report from Microsoft Corporation.", "plain"))
part = MIMEApplication(gz, "gzip", name="enterprise.protection.outlook.com!example.jp!1700000000!1700086399.xml.gz")
part.add_header("Content-Disposition", "attachment", filename="enterprise.protection.outlook.com!example.jp!1700000000!1700086399.xml.gz")
msg.attach(part)
write("microsoft-gzip.eml", msg)

# SMTP TLS report (RFC 8460 §5.3): multipart/report with
# report-type=tlsrpt and an application/tlsrpt+gzip part.
msg = MIMEMultipart("report", boundary="----=_NextPart_tlsrpt", report_type="tlsrpt")
headers(msg, "tlsrpt@mail.sender.example", "Report Domain: company-y.example Submitter: mail.sender.example Report-ID: <5065427c-23d3-47ca-b6e0-946ea0e8c4be>")
msg["TLS-Report-Domain"] = "company-y.example"
msg["TLS-Report-Submitter"] = "mail.sender.example"
msg.attach(MIMEText("This is an aggregate TLS report from mail.sender.example", "plain"))
part = MIMEApplication(gzip.compress(JSON, mtime=0), "tlsrpt+gzip", name="mail.sender.example!company-y.example!1459468800!1459555199.json.gz")
part.add_header("Content-Disposition", "attachment", filename="mail.sender.example!company-y.example!1459468800!1459555199.json.gz")
msg.attach(part)
write("tlsrpt-gzip.eml", msg)

# Yahoo-like: the gzip declared application/octet-stream, and a wrong
# file name (.zip): the content decides, the mismatch is noted.
msg = MIMEMultipart("mixed", boundary="----=_Part_yahoo")
headers(msg, "dmarchelp@yahooinc.com", "Report Domain: example.jp Submitter: yahoo.com")
part = MIMEApplication(gz, "octet-stream", name="yahoo.com!example.jp!1700000000!1700086399.zip")
part.add_header("Content-Disposition", "attachment", filename="yahoo.com!example.jp!1700000000!1700086399.zip")
msg.attach(part)
write("octet-stream-wrong-name.eml", msg)
