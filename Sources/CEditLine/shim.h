// libedit's native interface. Never GNU readline/readline.h (also installed here).
#include <stdio.h>
#include <histedit.h>

// el_set, el_get and history are variadic, which Swift cannot call: these wrappers fix the
// arguments of each use the REPL makes.

static inline int gradus_el_set_prompt(EditLine *el, char *(*prompt)(EditLine *), char escape) {
  return el_set(el, EL_PROMPT_ESC, prompt, escape);
}

static inline int gradus_el_set_editor(EditLine *el, const char *mode) {
  return el_set(el, EL_EDITOR, mode);
}

static inline int gradus_el_set_signal(EditLine *el, int flag) {
  return el_set(el, EL_SIGNAL, flag);
}

static inline int gradus_el_prepare_terminal(EditLine *el, int flag) {
  return el_set(el, EL_PREP_TERM, flag);
}

static inline int gradus_el_bind(EditLine *el, const char *key, const char *command) {
  return el_set(el, EL_BIND, key, command, NULL);
}

static inline int gradus_el_add_function(
    EditLine *el, const char *name, const char *help, unsigned char (*function)(EditLine *, int)) {
  return el_set(el, EL_ADDFN, name, help, function);
}

static inline int gradus_el_set_getc(EditLine *el, el_rfunc_t getc) {
  return el_set(el, EL_GETCFN, getc);
}

static inline int gradus_el_set_client_data(EditLine *el, void *data) {
  return el_set(el, EL_CLIENTDATA, data);
}

static inline void *gradus_el_client_data(EditLine *el) {
  void *data = NULL;
  el_get(el, EL_CLIENTDATA, &data);
  return data;
}

static inline int gradus_el_set_history(EditLine *el, History *history_state) {
  return el_set(el, EL_HIST, history, history_state);
}

static inline int gradus_history_set_size(History *history_state, int size) {
  HistEvent event;
  return history(history_state, &event, H_SETSIZE, size);
}

static inline int gradus_history_enter(History *history_state, const char *line) {
  HistEvent event;
  return history(history_state, &event, H_ENTER, line);
}

static inline int gradus_history_set_unique(History *history_state, int flag) {
  HistEvent event;
  return history(history_state, &event, H_SETUNIQUE, flag);
}
