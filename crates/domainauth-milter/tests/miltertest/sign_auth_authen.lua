-- A sender who logged in ({auth_authen}, as Postfix passes SMTP AUTH or
-- XCLIENT LOGIN) from an outside address: the message is signed with the
-- key for example.com and not verified (no Authentication-Results).
--
-- Run by tests/miltertest.rs: miltertest -D port=PORT -D dir=FOLDER -s THIS_FILE, the
-- milter configured with one key, example.com selector s1.

dofile(dir .. "/common.lua")

local conn = connect()
check("conninfo", mt.conninfo(conn, "unknown", "203.0.113.5"))
expect_reply(conn, "connect", SMFIR_CONTINUE)
check("helo", mt.helo(conn, "laptop.example"))
mt.macro(conn, SMFIC_MAIL, "i", "QID4", "{auth_type}", "PLAIN", "{auth_authen}", "alice")
check("mailfrom", mt.mailfrom(conn, "<alice@example.com>"))
expect_reply(conn, "mailfrom", SMFIR_CONTINUE)
check("header", mt.header(conn, "From", "Alice <alice@example.com>"))
check("header", mt.header(conn, "To", "bob@elsewhere.example"))
check("header", mt.header(conn, "Subject", "signed on the way out"))
check("header", mt.header(conn, "Date", "Tue, 01 Dec 2026 09:00:00 +0000"))
check("header", mt.header(conn, "Message-ID", "<out-1@example.com>"))
check("eoh", mt.eoh(conn))
check("body", mt.bodystring(conn, "First line,\r\n"))
check("body", mt.bodystring(conn, "second line.\r\n"))
check("eom", mt.eom(conn))
local reply = mt.getreply(conn)
if reply ~= SMFIR_CONTINUE and reply ~= SMFIR_ACCEPT then
	fail("eom: reply " .. tostring(reply))
end
if not mt.eom_check(conn, MT_HDRINSERT, "DKIM-Signature") then
	fail("no DKIM-Signature inserted")
end
if mt.eom_check(conn, MT_HDRINSERT, "Authentication-Results") then
	fail("outgoing mail was verified")
end
local sig = mt.getheader(conn, "DKIM-Signature", 0)
if sig == nil then fail("no DKIM-Signature value") end
mt.echo("DKIM-Signature:" .. sig)
-- Tags of RFC 6376 §3.5, whitespace allowed around them.
if not string.find(sig, "d%s*=%s*example%.com%s*;") then fail("d=: " .. sig) end
if not string.find(sig, "s%s*=%s*s1%s*;") then fail("s=: " .. sig) end
if not string.find(sig, "bh%s*=") then fail("bh=: " .. sig) end

mt.disconnect(conn)
mt.echo("ok")
