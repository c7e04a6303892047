// The C side of Apprentice's MuJoCo binding, compiled at build time against the installed 2.2.2 headers so
// the compiler, not hard-coded offsets, lays out mjModel and mjData.
//
// Errors: MuJoCo's mju_error must never return to its caller, and a managed exception must never unwind
// through native frames. Every entry point that can reach mju_error runs under setjmp; the process-wide
// error handler longjmps back to the innermost guard of the calling thread, which returns -1 and leaves
// MuJoCo's message in a thread-local buffer for C# to turn into MuJoCoException. MuJoCo's engine is C and
// allocates from the mjData stack, so jumping out leaks nothing; the mjData is left mid-step and must be
// reset (mj_resetData clears the stack) before further use, which C# enforces.
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <mujoco/mujoco.h>
#include <mujoco/mjxmacro.h>

// The X-macro preambles declare every count a table might use; not every table uses all of them.
#pragma GCC diagnostic ignored "-Wunused-variable"

#define APM_EXPORT __attribute__((visibility("default")))
#define APM_MESSAGE 1000

static _Thread_local jmp_buf* guard_target = NULL;
static _Thread_local char error_text[APM_MESSAGE] = "";
static _Thread_local char warning_text[APM_MESSAGE] = "";

static void on_error(const char* msg) {
  snprintf(error_text, APM_MESSAGE, "%s", msg);
  if (guard_target) longjmp(*guard_target, 1);
  // No guard on this thread: a caller bypassed the binding. Returning would corrupt MuJoCo's state.
  fprintf(stderr, "MuJoCo error outside the Apprentice binding: %s\n", msg);
  abort();
}

// Without a handler MuJoCo writes warnings to stdout and MUJOCO_LOG.TXT; keep them for C# instead.
static void on_warning(const char* msg) {
  snprintf(warning_text, APM_MESSAGE, "%s", msg);
}

// Runs `body` under a guard; nests, so a guarded call may call another.
#define GUARDED(body)                       \
  do {                                      \
    jmp_buf here;                           \
    jmp_buf* outer = guard_target;          \
    if (setjmp(here) != 0) {                \
      guard_target = outer;                 \
      return -1;                            \
    }                                       \
    guard_target = &here;                   \
    error_text[0] = 0;                      \
    body;                                   \
    guard_target = outer;                   \
    return 0;                               \
  } while (0)

APM_EXPORT int apm_init(void) {
  mju_user_error = on_error;
  mju_user_warning = on_warning;
  return mj_version();
}

APM_EXPORT int apm_header_version(void) { return mjVERSION_HEADER; }

APM_EXPORT const char* apm_last_error(void) { return error_text; }

APM_EXPORT const char* apm_last_warning(void) { return warning_text; }

// Loads an XML document held in memory through a one-file virtual file system. The VFS is 2 MB, so it is
// heap-allocated rather than put on a managed thread's stack.
APM_EXPORT int apm_load_xml(const char* xml, int length, mjModel** model, char* error, int error_size) {
  *model = NULL;
  mjVFS* vfs = (mjVFS*)malloc(sizeof(mjVFS));
  if (!vfs) {
    snprintf(error, error_size, "out of memory for the model's virtual file system");
    return -1;
  }
  mj_defaultVFS(vfs);
  int status = 0;
  jmp_buf here;
  jmp_buf* outer = guard_target;
  if (setjmp(here) != 0) {
    guard_target = outer;
    snprintf(error, error_size, "%s", error_text);
    mj_deleteVFS(vfs);
    free(vfs);
    return -1;
  }
  guard_target = &here;
  if (mj_makeEmptyFileVFS(vfs, "model.xml", length) != 0) {
    snprintf(error, error_size, "could not create the model's virtual file");
    status = -1;
  } else {
    memcpy(vfs->filedata[vfs->nfile - 1], xml, (size_t)length);
    *model = mj_loadXML("model.xml", vfs, error, error_size);
    if (!*model) status = -1;
  }
  guard_target = outer;
  mj_deleteVFS(vfs);
  free(vfs);
  return status;
}

APM_EXPORT void apm_delete_model(mjModel* m) { mj_deleteModel(m); }

APM_EXPORT void apm_delete_data(mjData* d) { mj_deleteData(d); }

APM_EXPORT int apm_make_data(const mjModel* m, mjData** d) { GUARDED(*d = mj_makeData(m)); }

APM_EXPORT int apm_reset_data(const mjModel* m, mjData* d) { GUARDED(mj_resetData(m, d)); }

APM_EXPORT int apm_forward(const mjModel* m, mjData* d) { GUARDED(mj_forward(m, d)); }

APM_EXPORT int apm_step(const mjModel* m, mjData* d) { GUARDED(mj_step(m, d)); }

APM_EXPORT int apm_rne_post_constraint(const mjModel* m, mjData* d) { GUARDED(mj_rnePostConstraint(m, d)); }

// Gymnasium's do_simulation in one native call: ctrl = action, frame_skip × mj_step, one mj_rnePostConstraint.
APM_EXPORT int apm_simulate(const mjModel* m, mjData* d, const double* ctrl, int frame_skip) {
  GUARDED({
    memcpy(d->ctrl, ctrl, sizeof(mjtNum) * (size_t)m->nu);
    for (int i = 0; i < frame_skip; i++) mj_step(m, d);
    mj_rnePostConstraint(m, d);
  });
}

// Gymnasium's set_state: write qpos and qvel, then mj_forward.
APM_EXPORT int apm_set_state(const mjModel* m, mjData* d, const double* qpos, const double* qvel) {
  GUARDED({
    memcpy(d->qpos, qpos, sizeof(mjtNum) * (size_t)m->nq);
    memcpy(d->qvel, qvel, sizeof(mjtNum) * (size_t)m->nv);
    mj_forward(m, d);
  });
}

APM_EXPORT int apm_name2id(const mjModel* m, int type, const char* name) { return mj_name2id(m, type, name); }

APM_EXPORT double apm_time(const mjData* d) { return d->time; }

// Sum of MuJoCo's per-kind warning counters; bad states (NaN/Inf, huge values) bump them and reset the data.
APM_EXPORT int apm_data_warnings(const mjData* d) {
  int n = 0;
  for (int i = 0; i < mjNWARNING; i++) n += d->warning[i].number;
  return n;
}

// Element kinds reported for arrays: 0 double, 1 int, 2 byte (mjtByte/char), 3 other (structs).
#define APM_KIND(type) (_Generic((type*)0, mjtNum*: 0, int*: 1, mjtByte*: 2, char*: 2, default: 3))

static int report(void* p, int rows, int cols, int kind, void** ptr, int* shape, int* out_kind) {
  *ptr = p;
  shape[0] = rows;
  shape[1] = cols;
  *out_kind = kind;
  return 0;
}

// Any mjModel scalar count by name (MJMODEL_INTS); -1 when there is no such field.
APM_EXPORT int apm_model_int(const mjModel* m, const char* name, int* value) {
#define X(field) if (strcmp(name, #field) == 0) { *value = m->field; return 0; }
  MJMODEL_INTS
#undef X
  return -1;
}

// Any mjModel array by name (MJMODEL_POINTERS): its address, [rows, cols] and element kind; -1 when unknown.
APM_EXPORT int apm_model_array(const mjModel* m, const char* name, void** ptr, int* shape, int* kind) {
  MJMODEL_POINTERS_PREAMBLE(m)
#define X(type, field, nr, nc) \
  if (strcmp(name, #field) == 0) return report((void*)m->field, m->nr, nc, APM_KIND(type), ptr, shape, kind);
  MJMODEL_POINTERS
#undef X
  return -1;
}

// Any mjData array by name (MJDATA_POINTERS), as apm_model_array.
APM_EXPORT int apm_data_array(const mjModel* m, const mjData* d, const char* name, void** ptr, int* shape, int* kind) {
  MJDATA_POINTERS_PREAMBLE(m)
#define X(type, field, nr, nc) \
  if (strcmp(name, #field) == 0) return report((void*)d->field, m->nr, nc, APM_KIND(type), ptr, shape, kind);
  MJDATA_POINTERS
#undef X
  return -1;
}

// mjOption flattened: the scalar floats then the vectors (MJOPTION_FLOATS, MJOPTION_VECTORS) into
// `doubles`, the ints (MJOPTION_INTS) into `ints`; returns the two counts packed as doubles*256 + ints,
// or -1 when a buffer is too small.
APM_EXPORT int apm_option(const mjModel* m, double* doubles, int ndouble, int* ints, int nint) {
  int nd = 0, ni = 0;
#define X(type, field) if (nd < ndouble) doubles[nd] = m->opt.field; nd++;
  MJOPTION_FLOATS
#undef X
#define X(field, n) for (int i = 0; i < n; i++) { if (nd < ndouble) doubles[nd] = m->opt.field[i]; nd++; }
  MJOPTION_VECTORS
#undef X
#define X(type, field) if (ni < nint) ints[ni] = m->opt.field; ni++;
  MJOPTION_INTS
#undef X
  if (nd > ndouble || ni > nint) return -1;
  return nd * 256 + ni;
}
