/*
 * Feeds cases to libopendmarc (OpenDMARC's policy library, RFC 7489) and
 * prints its decision, for the cross-check in tests/dmarc_opendmarc.rs.
 *
 * usage: opendmarc_driver PUBLIC_SUFFIX_LIST < cases
 * Each input line, tab-separated:
 *   from_domain record record_domain org_domain|- spf_domain|- spf_result dkim_domain|- dkim_result
 * (record "-" for no record; results pass|fail|none). Each output line:
 *   policy dkim_aligned spf_aligned
 * with policy one of absent, pass, reject, quarantine, none, error.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <netinet/in.h>
#include <opendmarc/dmarc.h>

static int spf_result(const char *s) {
	if (strcmp(s, "pass") == 0) return DMARC_POLICY_SPF_OUTCOME_PASS;
	if (strcmp(s, "fail") == 0) return DMARC_POLICY_SPF_OUTCOME_FAIL;
	return DMARC_POLICY_SPF_OUTCOME_NONE;
}

static int dkim_result(const char *s) {
	if (strcmp(s, "pass") == 0) return DMARC_POLICY_DKIM_OUTCOME_PASS;
	if (strcmp(s, "fail") == 0) return DMARC_POLICY_DKIM_OUTCOME_FAIL;
	return DMARC_POLICY_DKIM_OUTCOME_NONE;
}

int main(int argc, char **argv) {
	OPENDMARC_LIB_T lib;
	char line[4096];
	if (argc != 2) {
		fprintf(stderr, "usage: %s public_suffix_list.dat\n", argv[0]);
		return 2;
	}
	memset(&lib, 0, sizeof lib);
	lib.tld_type = OPENDMARC_TLD_TYPE_MOZILLA;
	strncpy((char *) lib.tld_source_file, argv[1], sizeof lib.tld_source_file - 1);
	if (opendmarc_policy_library_init(&lib) != DMARC_PARSE_OKAY) {
		fprintf(stderr, "opendmarc: library init failed\n");
		return 1;
	}
	while (fgets(line, sizeof line, stdin) != NULL) {
		char *f[8];
		int n = 0;
		char *save = NULL;
		line[strcspn(line, "\r\n")] = '\0';
		for (char *t = strtok_r(line, "\t", &save); t != NULL && n < 8; t = strtok_r(NULL, "\t", &save))
			f[n++] = t;
		if (n != 8) {
			printf("error 0 0\n");
			continue;
		}
		DMARC_POLICY_T *p = opendmarc_policy_connect_init((u_char *) "192.0.2.1", DMARC_POLICY_IP_TYPE_IPV4);
		opendmarc_policy_store_from_domain(p, (u_char *) f[0]);
		if (strcmp(f[1], "-") != 0)
			opendmarc_policy_store_dmarc(p, (u_char *) f[1], (u_char *) f[2],
			    strcmp(f[3], "-") == 0 ? NULL : (u_char *) f[3]);
		if (strcmp(f[4], "-") != 0)
			opendmarc_policy_store_spf(p, (u_char *) f[4], spf_result(f[5]),
			    DMARC_POLICY_SPF_ORIGIN_MAILFROM, NULL);
		if (strcmp(f[6], "-") != 0)
			opendmarc_policy_store_dkim(p, (u_char *) f[6], (u_char *) "s1", dkim_result(f[7]), NULL);
		int policy = opendmarc_get_policy_to_enforce(p);
		int dkim_align = 0, spf_align = 0;
		opendmarc_policy_fetch_alignment(p, &dkim_align, &spf_align);
		const char *name = "error";
		switch (policy) {
		case DMARC_POLICY_ABSENT: name = "absent"; break;
		case DMARC_POLICY_PASS: name = "pass"; break;
		case DMARC_POLICY_REJECT: name = "reject"; break;
		case DMARC_POLICY_QUARANTINE: name = "quarantine"; break;
		case DMARC_POLICY_NONE: name = "none"; break;
		}
		printf("%s %d %d\n", name,
		    dkim_align == DMARC_POLICY_DKIM_ALIGNMENT_PASS,
		    spf_align == DMARC_POLICY_SPF_ALIGNMENT_PASS);
		fflush(stdout);
		opendmarc_policy_connect_shutdown(p);
	}
	opendmarc_policy_library_shutdown(&lib);
	return 0;
}
