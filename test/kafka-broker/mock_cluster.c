/*
 * Kafka test broker: a 3-broker librdkafka mock cluster driven over stdin.
 *
 * Why: the tests need a Kafka that starts in milliseconds, binds 127.0.0.1 on
 * free ports, and lets a test take a broker down or inject protocol errors.
 * librdkafka ships exactly that (rdkafka_mock.h); this program only exposes it
 * to another process. See docs/kafka-test-broker.md for how it differs from a
 * real cluster.
 *
 * Protocol: the first stdout line is the bootstrap list ("127.0.0.1:p1,...").
 * Then one command per stdin line, one answer per line: "ok" or "error <why>".
 *   down <brokerId>                 disconnect a broker, refuse new connections
 *   up <brokerId>                   accept connections again
 *   rtt <brokerId> <ms>             delay every response of a broker
 *   errors <apiKey> <err> [<err>..] next requests of apiKey fail with these
 *                                   (numeric code or name, e.g. NOT_LEADER_FOR_PARTITION, _TRANSPORT)
 *   clear <apiKey>                  drop pending injected errors of apiKey
 *   topic <name> <partitions> [<replicationFactor>]
 *   leader <topic> <partition> <brokerId>   move a partition leader (-1: none)
 *   quit                            stop (stdin EOF does the same)
 * Broker ids are 1..N, in the order of the bootstrap list; -1 means all brokers.
 *
 * Usage: mock-cluster [brokerCount]   (default 3)
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <librdkafka/rdkafka.h>
#include <librdkafka/rdkafka_mock.h>

#define MAX_ERRORS 64

static int parse_long(const char *s, long min, long max, long *out) {
  char *end;
  if (s == NULL || *s == '\0') return -1;
  errno = 0;
  long v = strtol(s, &end, 10);
  if (errno != 0 || *end != '\0' || v < min || v > max) return -1;
  *out = v;
  return 0;
}

/* Accepts a numeric error code or its librdkafka name (with or without the
 * RD_KAFKA_RESP_ERR_ prefix), so tests can say NOT_LEADER_FOR_PARTITION. */
static int parse_error(const char *s, rd_kafka_resp_err_t *out) {
  long v;
  if (parse_long(s, INT_MIN, INT_MAX, &v) == 0) {
    *out = (rd_kafka_resp_err_t)v;
    return 0;
  }
  const struct rd_kafka_err_desc *descs;
  size_t cnt;
  rd_kafka_get_err_descs(&descs, &cnt);
  const char *name = strncmp(s, "RD_KAFKA_RESP_ERR_", 18) == 0 ? s + 18 : s;
  for (size_t i = 0; i < cnt; i++) {
    if (descs[i].name != NULL && strcmp(descs[i].name, name) == 0) {
      *out = descs[i].code;
      return 0;
    }
  }
  return -1;
}

static void reply(const char *fmt, const char *arg) {
  printf(fmt, arg);
  putchar('\n');
  fflush(stdout);
}

static void reply_err(rd_kafka_resp_err_t err) {
  if (err == RD_KAFKA_RESP_ERR_NO_ERROR)
    reply("ok", NULL);
  else
    reply("error %s", rd_kafka_err2name(err));
}

/* Returns 1 when the program should stop. */
static int handle(rd_kafka_mock_cluster_t *mc, int broker_cnt, char *line) {
  char *argv[MAX_ERRORS + 3];
  int argc = 0;
  for (char *tok = strtok(line, " \t\r\n"); tok != NULL && argc < (int)(sizeof argv / sizeof *argv);
       tok = strtok(NULL, " \t\r\n"))
    argv[argc++] = tok;
  if (argc == 0) {
    reply("error empty command", NULL);
    return 0;
  }
  const char *cmd = argv[0];
  long id, n, m;

  if (strcmp(cmd, "quit") == 0) {
    reply("ok", NULL);
    return 1;
  }
  if (strcmp(cmd, "down") == 0 || strcmp(cmd, "up") == 0) {
    if (argc != 2 || parse_long(argv[1], -1, broker_cnt, &id) != 0 || id == 0) {
      reply("error usage: %s <brokerId 1..N or -1>", cmd);
      return 0;
    }
    reply_err(cmd[0] == 'd' ? rd_kafka_mock_broker_set_down(mc, (int32_t)id)
                            : rd_kafka_mock_broker_set_up(mc, (int32_t)id));
    return 0;
  }
  if (strcmp(cmd, "rtt") == 0) {
    if (argc != 3 || parse_long(argv[1], -1, broker_cnt, &id) != 0 || id == 0 ||
        parse_long(argv[2], 0, INT_MAX, &n) != 0) {
      reply("error usage: %s <brokerId 1..N or -1> <ms>", cmd);
      return 0;
    }
    reply_err(rd_kafka_mock_broker_set_rtt(mc, (int32_t)id, (int)n));
    return 0;
  }
  if (strcmp(cmd, "errors") == 0) {
    rd_kafka_resp_err_t errs[MAX_ERRORS];
    if (argc < 3 || argc - 2 > MAX_ERRORS || parse_long(argv[1], 0, SHRT_MAX, &n) != 0) {
      reply("error usage: %s <apiKey> <error> [<error>...]", cmd);
      return 0;
    }
    for (int i = 2; i < argc; i++) {
      if (parse_error(argv[i], &errs[i - 2]) != 0) {
        reply("error unknown error code %s", argv[i]);
        return 0;
      }
    }
    rd_kafka_mock_push_request_errors_array(mc, (int16_t)n, (size_t)(argc - 2), errs);
    reply("ok", NULL);
    return 0;
  }
  if (strcmp(cmd, "clear") == 0) {
    if (argc != 2 || parse_long(argv[1], 0, SHRT_MAX, &n) != 0) {
      reply("error usage: %s <apiKey>", cmd);
      return 0;
    }
    rd_kafka_mock_clear_request_errors(mc, (int16_t)n);
    reply("ok", NULL);
    return 0;
  }
  if (strcmp(cmd, "topic") == 0) {
    m = broker_cnt;
    if ((argc != 3 && argc != 4) || parse_long(argv[2], 1, 10000, &n) != 0 ||
        (argc == 4 && parse_long(argv[3], 1, broker_cnt, &m) != 0)) {
      reply("error usage: %s <name> <partitions> [<replicationFactor 1..N>]", cmd);
      return 0;
    }
    reply_err(rd_kafka_mock_topic_create(mc, argv[1], (int)n, (int)m));
    return 0;
  }
  if (strcmp(cmd, "leader") == 0) {
    if (argc != 4 || parse_long(argv[2], 0, INT_MAX, &n) != 0 ||
        parse_long(argv[3], -1, broker_cnt, &id) != 0 || id == 0) {
      reply("error usage: %s <topic> <partition> <brokerId 1..N or -1>", cmd);
      return 0;
    }
    reply_err(rd_kafka_mock_partition_set_leader(mc, argv[1], (int32_t)n, (int32_t)id));
    return 0;
  }
  reply("error unknown command %s", cmd);
  return 0;
}

int main(int argc, char **argv) {
  long broker_cnt = 3;
  if (argc > 2 || (argc == 2 && parse_long(argv[1], 1, 32, &broker_cnt) != 0)) {
    fprintf(stderr, "usage: %s [brokerCount 1..32]\n", argv[0]);
    return 2;
  }

  /* The mock cluster needs an rd_kafka_t for its bookkeeping only; this handle
   * never produces. */
  char errstr[512];
  rd_kafka_conf_t *conf = rd_kafka_conf_new();
  if (rd_kafka_conf_set(conf, "log_level", "3", errstr, sizeof errstr) != RD_KAFKA_CONF_OK) {
    fprintf(stderr, "mock-cluster: %s\n", errstr);
    return 1;
  }
  rd_kafka_t *rk = rd_kafka_new(RD_KAFKA_PRODUCER, conf, errstr, sizeof errstr);
  if (rk == NULL) {
    fprintf(stderr, "mock-cluster: rd_kafka_new: %s\n", errstr);
    return 1;
  }
  rd_kafka_mock_cluster_t *mc = rd_kafka_mock_cluster_new(rk, (int)broker_cnt);
  if (mc == NULL) {
    fprintf(stderr, "mock-cluster: could not create the mock cluster\n");
    rd_kafka_destroy(rk);
    return 1;
  }

  printf("%s\n", rd_kafka_mock_cluster_bootstraps(mc));
  fflush(stdout);

  char line[4096];
  while (fgets(line, sizeof line, stdin) != NULL) {
    if (strchr(line, '\n') == NULL && !feof(stdin)) {
      int c;
      while ((c = getchar()) != '\n' && c != EOF) {
      }
      reply("error line too long", NULL);
      continue;
    }
    if (handle(mc, (int)broker_cnt, line)) break;
  }

  rd_kafka_mock_cluster_destroy(mc);
  rd_kafka_destroy(rk);
  return 0;
}
