-- Mail through the MTA service named ORIGINATING ({daemon_name}, as Postfix
-- passes `-o milter_macro_daemon_name=ORIGINATING` on its submission port)
-- is outgoing, signed and not verified, from any address and without a
-- login; the same message through another service is verified instead.
--
-- Run by tests/miltertest.rs: miltertest -D port=PORT -D dir=FOLDER -s THIS_FILE, the
-- milter configured with one key, example.com selector s1, and
-- daemons = ["ORIGINATING"].

dofile(dir .. "/common.lua")

local function message(daemon)
	local conn = connect()
	mt.macro(conn, SMFIC_CONNECT, "{daemon_name}", daemon, "j", "mx.test.example")
	check("conninfo", mt.conninfo(conn, "unknown", "203.0.113.6"))
	check("helo", mt.helo(conn, "laptop.example"))
	mt.macro(conn, SMFIC_MAIL, "i", "QID-" .. daemon)
	check("mailfrom", mt.mailfrom(conn, "<carol@example.com>"))
	check("header", mt.header(conn, "From", "Carol <carol@example.com>"))
	check("header", mt.header(conn, "Subject", "through " .. daemon))
	check("eoh", mt.eoh(conn))
	check("body", mt.bodystring(conn, "Hello.\r\n"))
	check("eom", mt.eom(conn))
	local reply = mt.getreply(conn)
	if reply ~= SMFIR_CONTINUE and reply ~= SMFIR_ACCEPT then
		fail(daemon .. " eom: reply " .. tostring(reply))
	end
	local signed = mt.eom_check(conn, MT_HDRINSERT, "DKIM-Signature")
	local verified = mt.eom_check(conn, MT_HDRINSERT, "Authentication-Results")
	mt.disconnect(conn)
	return signed, verified
end

local signed, verified = message("ORIGINATING")
if not signed then fail("ORIGINATING: not signed") end
if verified then fail("ORIGINATING: verified as incoming") end
signed, verified = message("smtpd")
if signed then fail("smtpd: signed") end
if not verified then fail("smtpd: no Authentication-Results") end
mt.echo("ok")
