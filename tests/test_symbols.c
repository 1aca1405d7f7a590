// SPDX-License-Identifier: GPL-2.0 OR Linux-OpenIB
/*
 * The ABI as users see it: the shared library exports exactly the functions
 * the header declares with MLX5HWS_API, each under the version node
 * libhws.map gives it, each has a man page, and the header compiles on its
 * own as C11 and as C++11.
 *
 * Paths come from the build: HWS_SHARED_LIB, HWS_HEADER, HWS_MAP,
 * HWS_MAN_SOURCE_DIR, HWS_CC and HWS_CXX.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "helpers.h"

#define MAX_SYMS 256
#define SYM_LEN 96

struct sym_set {
	int n;
	char name[MAX_SYMS][SYM_LEN];
	char node[MAX_SYMS][SYM_LEN]; /* the version node, where one is known */
};

static void set_add(struct sym_set *set, const char *name, size_t len)
{
	ck_assert_int_lt(set->n, MAX_SYMS);
	ck_assert_uint_lt(len, SYM_LEN);
	memcpy(set->name[set->n], name, len);
	set->name[set->n][len] = '\0';
	set->n++;
}

static int set_find(const struct sym_set *set, const char *name)
{
	for (int i = 0; i < set->n; i++)
		if (!strcmp(set->name[i], name))
			return i;
	return -1;
}

static int set_has(const struct sym_set *set, const char *name)
{
	return set_find(set, name) >= 0;
}

static char *read_file(const char *path)
{
	FILE *f = fopen(path, "r");
	char *buf;
	long len;

	ck_assert_msg(f, "cannot open %s", path);
	fseek(f, 0, SEEK_END);
	len = ftell(f);
	rewind(f);
	buf = malloc(len + 1);
	ck_assert_ptr_nonnull(buf);
	ck_assert_int_eq(fread(buf, 1, len, f), len);
	buf[len] = '\0';
	fclose(f);
	return buf;
}

/* Every name a line "MLX5HWS_API ... name(" declares in the public header. */
static void header_api(struct sym_set *set)
{
	char *text = read_file(HWS_HEADER);
	const char *p = text;

	while ((p = strstr(p, "MLX5HWS_API "))) {
		const char *paren = strchr(p, '('), *end = paren, *start;

		ck_assert_ptr_nonnull(paren);
		if (p != text && p[-1] != '\n') {	/* the macro's own #define */
			p = paren;
			continue;
		}
		while (end > p && isspace((unsigned char)end[-1]))
			end--;
		start = end;
		while (start > p && (isalnum((unsigned char)start[-1]) ||
				     start[-1] == '_'))
			start--;
		set_add(set, start, end - start);
		p = paren;
	}
	free(text);
}

/*
 * The version nodes of libhws.map and the functions each lists by name.
 * The first node's wildcard takes every function no later node names.
 */
static void map_nodes(struct sym_set *nodes, struct sym_set *named)
{
	char *text = read_file(HWS_MAP), *p, *q, *end;
	char word[SYM_LEN], node[SYM_LEN] = "";
	size_t len;

	/* drop the comments */
	while ((p = strstr(text, "/*"))) {
		end = strstr(p, "*/");
		ck_assert_ptr_nonnull(end);
		memset(p, ' ', end + 2 - p);
	}
	for (p = text; *p; p = q) {
		for (len = 0; isalnum((unsigned char)p[len]) || p[len] == '_' ||
			      p[len] == '.' || p[len] == '*';
		     len++)
			;
		if (!len) {
			q = p + 1;
			continue;
		}
		ck_assert_uint_lt(len, SYM_LEN);
		memcpy(word, p, len);
		word[len] = '\0';
		for (q = p + len; isspace((unsigned char)*q); q++)
			;
		if (*q == '{' && !strncmp(word, "HWS_", 4)) {
			set_add(nodes, word, len);
			strcpy(node, word);
		} else if (*q == ';' && !strncmp(word, "mlx5hws_", 8) &&
			   !strchr(word, '*')) {
			ck_assert_msg(*node, "%s outside a version node", word);
			set_add(named, word, len);
			strcpy(named->node[named->n - 1], node);
		}
	}
	free(text);
	ck_assert_int_ge(nodes->n, 1);
	ck_assert_str_eq(nodes->name[0], "HWS_1.0");
}

/*
 * The library's dynamic symbols.  Each line of nm -D is "ADDR TYPE NAME",
 * where NAME carries "@@VERSION" for a default-versioned symbol; the version
 * node itself shows up as an absolute symbol named after it.
 */
static void library_exports(struct sym_set *versioned, struct sym_set *other,
			    struct sym_set *nodes)
{
	char line[256], name[200], type;
	FILE *nm;

	nm = popen("nm -D --defined-only " HWS_SHARED_LIB, "r");
	ck_assert_ptr_nonnull(nm);
	while (fgets(line, sizeof(line), nm)) {
		char *at;

		ck_assert_int_eq(sscanf(line, "%*s %c %199s", &type, name), 2);
		if (type == 'A') {
			set_add(nodes, name, strlen(name));
			continue;
		}
		at = strstr(name, "@@HWS_");
		if (at) {
			set_add(versioned, name, at - name);
			strcpy(versioned->node[versioned->n - 1], at + 2);
		} else {
			set_add(other, name, strlen(name));
		}
	}
	ck_assert_int_eq(pclose(nm), 0);
}

START_TEST(exports_match_header)
{
	static struct sym_set api, exported, stray, lib_nodes, map, named;

	api.n = exported.n = stray.n = lib_nodes.n = map.n = named.n = 0;
	header_api(&api);
	library_exports(&exported, &stray, &lib_nodes);
	map_nodes(&map, &named);

	ck_assert_int_gt(api.n, 40);
	for (int i = 0; i < stray.n; i++)
		ck_abort_msg("exported without a version: %s", stray.name[i]);
	/* the library defines exactly the map's nodes */
	ck_assert_int_eq(lib_nodes.n, map.n);
	for (int i = 0; i < map.n; i++)
		ck_assert_msg(set_has(&lib_nodes, map.name[i]),
			      "version node %s missing from the library",
			      map.name[i]);
	/* each function under the node the map gives it */
	for (int i = 0; i < exported.n; i++) {
		int k = set_find(&named, exported.name[i]);
		const char *want = k >= 0 ? named.node[k] : "HWS_1.0";

		ck_assert_msg(!strcmp(exported.node[i], want),
			      "%s is in %s, the map puts it in %s",
			      exported.name[i], exported.node[i], want);
	}
	for (int i = 0; i < named.n; i++)
		ck_assert_msg(set_has(&exported, named.name[i]),
			      "the map names %s, which is not exported",
			      named.name[i]);
	for (int i = 0; i < api.n; i++)
		ck_assert_msg(set_has(&exported, api.name[i]),
			      "declared but not exported: %s", api.name[i]);
	for (int i = 0; i < exported.n; i++)
		ck_assert_msg(set_has(&api, exported.name[i]),
			      "exported but not declared: %s",
			      exported.name[i]);
}
END_TEST

static int man_page_exists(const char *page)
{
	char path[512];

	snprintf(path, sizeof(path), "%s/%s.3.md", HWS_MAN_SOURCE_DIR, page);
	return access(path, R_OK) == 0;
}

/* The page that documents name: its own, or the one aliases.txt names. */
static int documented(const char *name)
{
	char path[512], line[256], alias[SYM_LEN], page[SYM_LEN];
	int found = 0;
	FILE *f;

	if (man_page_exists(name))
		return 1;
	snprintf(path, sizeof(path), "%s/aliases.txt", HWS_MAN_SOURCE_DIR);
	f = fopen(path, "r");
	ck_assert_msg(f, "cannot open %s", path);
	while (!found && fgets(line, sizeof(line), f))
		if (sscanf(line, "%95s %95s", alias, page) == 2 &&
		    !strcmp(alias, name))
			found = man_page_exists(page);
	fclose(f);
	return found;
}

START_TEST(every_function_has_a_man_page)
{
	static struct sym_set api;

	api.n = 0;
	header_api(&api);
	for (int i = 0; i < api.n; i++)
		ck_assert_msg(documented(api.name[i]), "no man page for %s",
			      api.name[i]);
}
END_TEST

/* Compile a file that includes the header twice; 0 when it builds clean. */
static int compile_header(const char *compiler, const char *flags,
			  const char *suffix)
{
	char src[] = "/tmp/hws_header_XXXXXX";
	char path[64], cmd[1024];
	int fd, rc;
	FILE *f;

	fd = mkstemp(src);
	ck_assert_int_ge(fd, 0);
	close(fd);
	unlink(src);
	snprintf(path, sizeof(path), "%s.%s", src, suffix);
	f = fopen(path, "w");
	ck_assert_ptr_nonnull(f);
	fprintf(f, "#include \"%s\"\n#include \"%s\"\n"
		   "int main(void) { return mlx5hws_context_close(0); }\n",
		HWS_HEADER, HWS_HEADER);
	fclose(f);
	snprintf(cmd, sizeof(cmd), "%s %s -fsyntax-only %s", compiler, flags,
		 path);
	rc = system(cmd);
	unlink(path);
	return rc;
}

START_TEST(header_compiles_as_c)
{
	ck_assert_int_eq(compile_header(HWS_CC,
		"-std=c11 -pedantic -Wall -Wextra -Wstrict-prototypes -Werror",
		"c"), 0);
}
END_TEST

START_TEST(header_compiles_as_cxx)
{
	ck_assert_int_eq(compile_header(HWS_CXX,
		"-std=c++11 -pedantic -Wall -Wextra -Werror", "cc"), 0);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("symbols");
	TCase *tc = tcase_create("abi");

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, exports_match_header);
	tcase_add_test(tc, every_function_has_a_man_page);
	tcase_add_test(tc, header_compiles_as_c);
	tcase_add_test(tc, header_compiles_as_cxx);
	suite_add_tcase(s, tc);
	return t_run(s);
}
