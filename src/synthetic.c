/*-------------------------------------------------------------------------
 * synthetic.c
 *	  Simulation core of the synthetic municipality (generate_synthetic).
 *
 *	  A weekly discrete-time, per-citizen state machine: entry into public
 *	  support, group changes, caseworker (re)assignment, intervention starts,
 *	  exits with planted lock-in and post-intervention effects, censoring,
 *	  short interruptions, returns, and conversations.  Every random number
 *	  is derived from (seed, citizen, week, stream) with a counter-based
 *	  splitmix64 hash, so the simulation does not depend on evaluation order
 *	  and the factual and counterfactual runs used for the ground truth
 *	  share their random numbers ("common random numbers").
 *
 *	  synthetic_simulate() returns every generated fact as one row of a
 *	  generic record set; the SQL function generate_synthetic() stores the
 *	  rows in the canonical tables.  All model parameters are the static
 *	  tables below; docs/synthetic.md documents each of them.
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include <math.h>

#include "compat.h"
#include "fmgr.h"
#include "funcapi.h"
#include "miscadmin.h"
#include "utils/builtins.h"
#include "utils/date.h"
#include "utils/datetime.h"
#include "utils/memutils.h"
#include "utils/timestamp.h"
#include "utils/tuplestore.h"

PG_FUNCTION_INFO_V1(ekpi_synthetic_simulate);

/* ------------------------------------------------------------------------
 * Model parameters (all of them; docs/synthetic.md mirrors this block)
 * ------------------------------------------------------------------------
 */
#define NGROUPS 9
#define NTYPES 7
#define NBANDS 5
#define NREASONS 3
#define BURNIN_WEEKS 520
#define MAX_WEEKS 1040
#define MAX_CITIZENS 2000000
#define TRUTH_MAX_H 52
#define PERSONS_PER_CITIZEN 50	/* bound of simulated persons per stored citizen */

static const char *const group_code[NGROUPS] = {
	"dagpenge", "kontanthjaelp_jobparat", "kontanthjaelp_aktivitetsparat",
	"uddannelseshjaelp", "sygedagpenge", "jobafklaring", "ressourceforloeb",
	"ledighedsydelse", "integration"
};
enum
{
	G_DP, G_KHJ, G_AKT, G_UDD, G_SYG, G_JAF, G_RES, G_LED, G_INT
};

static const char *const type_code[NTYPES] = {
	"vejledning_opkvalificering", "virksomhedspraktik", "loentilskud_privat",
	"loentilskud_offentlig", "nytteindsats", "mentor", "other"
};

/* Reasons of an exit to self-support; a transition is always other_benefit. */
static const char *const reason_code[NREASONS] = {
	"job", "education", "other"
};

/* Entry target group shares (first support period). */
static const double entry_share[NGROUPS] = {
	0.28, 0.10, 0.12, 0.10, 0.25, 0.04, 0.03, 0.04, 0.04
};

/* Duration bands: weeks since the support period began. */
static const int band_lo[NBANDS] = {0, 13, 26, 52, 104};

/*
 * Weekly hazard of an exit to self-support (job, education or no further
 * public support) by group x duration band (piecewise constant), before the
 * caseworker's exit skill, the citizen's frailty and the offer effects.
 */
static const double exit_hazard[NGROUPS][NBANDS] = {
	{0.066, 0.043, 0.028, 0.019, 0.011},	/* dagpenge */
	{0.036, 0.027, 0.018, 0.011, 0.007},	/* kontanthjaelp_jobparat */
	{0.010, 0.0085, 0.0065, 0.005, 0.004},	/* kontanthjaelp_aktivitetsparat */
	{0.043, 0.028, 0.019, 0.011, 0.0075},	/* uddannelseshjaelp */
	{0.083, 0.046, 0.028, 0.018, 0.014},	/* sygedagpenge */
	{0.016, 0.013, 0.012, 0.008, 0.005},	/* jobafklaring */
	{0.006, 0.0055, 0.005, 0.004, 0.0033},	/* ressourceforloeb */
	{0.025, 0.021, 0.015, 0.010, 0.007},	/* ledighedsydelse */
	{0.028, 0.024, 0.019, 0.014, 0.0095}	/* integration */
};
#define HAZARD_CAP 0.90

/* Exit reason shares (job, education, other) by group. */
static const double reason_share[NGROUPS][NREASONS] = {
	{0.82, 0.07, 0.11},
	{0.67, 0.17, 0.16},
	{0.54, 0.15, 0.31},
	{0.42, 0.42, 0.16},
	{0.89, 0.02, 0.09},
	{0.69, 0.08, 0.23},
	{0.55, 0.09, 0.36},
	{0.88, 0.00, 0.12},
	{0.58, 0.21, 0.21}
};

/*
 * Weekly hazard of a transition to another public benefit outside the job
 * centre's target groups (førtidspension, fleksjob, efterløn, ...): the
 * period ends with exit_reason other_benefit, never an exit to
 * self-support, and the citizen does not come back.  By group x duration
 * band; offers, caseworkers and frailty do not change it.
 */
static const double transition_hazard[NGROUPS][NBANDS] = {
	{0.0010, 0.0010, 0.0010, 0.0010, 0.0010},	/* dagpenge */
	{0.0015, 0.0020, 0.0020, 0.0020, 0.0020},	/* kontanthjaelp_jobparat */
	{0.0030, 0.0035, 0.0040, 0.0045, 0.0045},	/* kontanthjaelp_aktivitetsparat */
	{0.0010, 0.0010, 0.0010, 0.0010, 0.0010},	/* uddannelseshjaelp */
	{0.0015, 0.0040, 0.0070, 0.0090, 0.0090},	/* sygedagpenge */
	{0.0060, 0.0080, 0.0100, 0.0120, 0.0120},	/* jobafklaring */
	{0.0050, 0.0070, 0.0090, 0.0100, 0.0100},	/* ressourceforloeb */
	{0.0180, 0.0200, 0.0200, 0.0160, 0.0120},	/* ledighedsydelse */
	{0.0010, 0.0010, 0.0010, 0.0010, 0.0010}	/* integration */
};

/* Weekly censoring hazards (not exits): moved away, deceased. */
static const double moved_hazard = 0.0010;
static const double deceased_hazard[NGROUPS] = {
	0.0002, 0.0002, 0.0004, 0.0001, 0.0006, 0.0006, 0.0006, 0.0003, 0.0002
};

/* Short interruption (new spell 1-3 weeks later, same support period). */
static const double interruption_hazard = 0.004;

/* Group changes inside a support period (chained spells). */
#define SYG_REVIEW_WEEK 22		/* sygedagpenge -> jobafklaring at week 22 */
static const double syg_to_jaf_share = 0.40;
#define DP_MAX_WEEK 104			/* dagpenge exhausted after 104 weeks */
static const double dp_exhausted_exit_share = 0.30;	/* exit 'other' at week 103 */

/* Returns after an exit: probability, gap = 5 + Exp(mean) weeks. */
static const double return_prob[NGROUPS] = {
	0.25, 0.35, 0.20, 0.30, 0.20, 0.15, 0.10, 0.20, 0.25
};
static const double return_gap_mean = 40.0;
static const double return_same_group = 0.50;

/* Weekly benefit (DKK) drawn uniformly in [lo, hi] per spell. */
static const int benefit_lo[NGROUPS] = {4300, 2800, 2800, 1500, 4100, 4100, 2800, 4000, 1700};
static const int benefit_hi[NGROUPS] = {4750, 3600, 3600, 2600, 4700, 4700, 3600, 4600, 3000};

/* Frailty: Gamma(shape 5, scale 1/5), mean 1, variance 0.2. */
#define FRAILTY_SHAPE 5

/* Intervention start: base weekly probability by group ... */
static const double start_base[NGROUPS] = {
	0.033, 0.045, 0.027, 0.045, 0.015, 0.030, 0.038, 0.030, 0.050
};
/* ... x duration-band factor x prior-participation factor x season. */
static const double start_band_factor[NBANDS] = {0.8, 1.2, 1.1, 0.9, 0.7};
static const double start_prior_factor = 0.5;
static const double season_summer = 0.4;	/* ISO weeks 28-31 */
static const double season_christmas = 0.3; /* ISO weeks 52, 53, 1 */

/* Intervention type shares by group (rows sum to 1). */
static const double type_share[NGROUPS][NTYPES] = {
	{0.35, 0.20, 0.20, 0.10, 0.00, 0.05, 0.10},
	{0.20, 0.25, 0.15, 0.10, 0.20, 0.05, 0.05},
	{0.15, 0.35, 0.03, 0.07, 0.05, 0.30, 0.05},
	{0.40, 0.25, 0.05, 0.05, 0.10, 0.10, 0.05},
	{0.15, 0.45, 0.02, 0.03, 0.00, 0.25, 0.10},
	{0.15, 0.40, 0.02, 0.03, 0.00, 0.30, 0.10},
	{0.15, 0.35, 0.00, 0.00, 0.00, 0.40, 0.10},
	{0.20, 0.40, 0.15, 0.15, 0.00, 0.05, 0.05},
	{0.35, 0.30, 0.10, 0.05, 0.10, 0.05, 0.05}
};
/* Planned length in weeks, uniform in [lo, hi], and cost per week (DKK). */
static const int length_lo[NTYPES] = {6, 4, 8, 8, 8, 8, 4};
static const int length_hi[NTYPES] = {12, 8, 26, 17, 13, 20, 12};
static const int cost_per_week[NTYPES] = {2500, 250, 400, 1100, 700, 350, 1200};

/* Planted effects: lock-in multiplier while running, by type ... */
static const double lockin_mult[NTYPES] = {0.40, 1.30, 1.50, 0.80, 0.85, 1.00, 0.80};
/* ... and post-intervention multiplier by type x group (rest of period). */
static const double post_mult[NTYPES][NGROUPS] = {
	/* dp    khj   akt   udd   syg   jaf   res   led   int */
	{1.20, 1.30, 1.10, 1.35, 1.10, 1.10, 1.05, 1.20, 1.30},	/* opkvalificering */
	{1.60, 1.90, 1.15, 1.70, 1.40, 1.15, 1.10, 1.70, 1.90},	/* virksomhedspraktik */
	{2.20, 2.80, 2.20, 2.50, 2.00, 2.00, 1.80, 2.60, 2.60},	/* loentilskud_privat */
	{1.25, 1.35, 1.30, 1.30, 1.25, 1.25, 1.25, 1.30, 1.30},	/* loentilskud_offentlig */
	{0.95, 0.95, 1.00, 0.90, 1.00, 1.00, 1.00, 0.95, 0.95},	/* nytteindsats */
	{1.10, 1.25, 1.60, 1.25, 1.25, 1.45, 1.50, 1.15, 1.25},	/* mentor */
	{1.00, 1.00, 1.00, 1.00, 1.00, 1.00, 1.00, 1.00, 1.00}	/* other */
};

/* Caseworker reassignment hazard per week (mid-week change). */
static const double reassign_hazard = 0.006;

/* Conversations: first one at week [lo, hi] of the period, then every
 * 6 (first 26 weeks) or 12 weeks +-1, divided by diligence; a no-show or
 * cancellation is rebooked the next week. */
static const int conv_first_lo[NGROUPS] = {1, 0, 0, 0, 2, 0, 0, 0, 0};
static const int conv_first_hi[NGROUPS] = {3, 0, 0, 0, 6, 2, 2, 2, 0};
static const double conv_noshow = 0.10;
static const double conv_cancel = 0.05;

/* Caseworker styles. */
static const double strong_exit_skill = 3.0;
static const double weak_exit_skill = 0.3;
static const double high_activation = 3.0;
static const double low_activation = 0.25;
static const double average_sd = 0.05;	/* log-normal noise of the rest */
/*
 * How many: per measure max(2, round(C / 20)) strong and as many weak of the
 * C caseworkers (2 + 2 of 40), i.e. about 5% in each tail.  Spiegelhalter's
 * over-dispersion estimate winsorises 10% in each tail; planting 10% per
 * tail (as the first version did, 4 + 4 of 40 and 5 + 5 of 49) left it no
 * margin, and the planted caseworkers then inflated tau2 and hid themselves.
 */
static const int plant_min = 2;
static const double plant_per = 20.0;

/* Teams: which groups each team serves (team index -> bitmask). The first
 * six always exist; teams 7-10 split the biggest caseloads. */
#define MAX_TEAMS 10
static const int team_groups[MAX_TEAMS] = {
	1 << G_DP, (1 << G_SYG) | (1 << G_JAF), (1 << G_KHJ) | (1 << G_UDD),
	1 << G_AKT, (1 << G_RES) | (1 << G_LED), 1 << G_INT,
	1 << G_DP, 1 << G_SYG, 1 << G_AKT, (1 << G_KHJ) | (1 << G_UDD)
};
static const char *const team_name[MAX_TEAMS] = {
	"Dagpenge 1", "Sygedagpenge og jobafklaring 1", "Jobparate og unge 1",
	"Aktivitetsparate 1", "Ressourceforløb og fleksjob", "Integration",
	"Dagpenge 2", "Sygedagpenge og jobafklaring 2", "Aktivitetsparate 2",
	"Jobparate og unge 2"
};
/* Relative caseload weight of a group (entry share x typical weeks). */
static const double group_load[NGROUPS] = {6.0, 3.5, 14.0, 3.0, 5.0, 2.0, 4.5, 2.0, 1.6};

static const char *const first_names[16] = {
	"Anne", "Mette", "Lars", "Jens", "Sofie", "Peter", "Kirsten", "Mads",
	"Louise", "Henrik", "Camilla", "Søren", "Maria", "Thomas", "Hanne", "Rasmus"
};
static const char *const last_names[16] = {
	"Nielsen", "Jensen", "Hansen", "Pedersen", "Andersen", "Christensen",
	"Larsen", "Sørensen", "Rasmussen", "Jørgensen", "Petersen", "Madsen",
	"Kristensen", "Olsen", "Thomsen", "Poulsen"
};

/* Random-number streams. */
enum
{
	S_ENTRY_WEEK = 1, S_ENTRY_DAY, S_ENTRY_GROUP,
	S_BENEFIT, S_ASSIGN, S_REASSIGN, S_REASSIGN_CW, S_REASSIGN_DAY,
	S_START, S_TYPE, S_LENGTH, S_START_DAY, S_EXIT, S_EXIT_DAY, S_REASON,
	S_CENSOR, S_CENSOR_DAY, S_INTERRUPT, S_INTERRUPT_DAY, S_INTERRUPT_GAP,
	S_GROUPCHG, S_RETURN, S_RETURN_GAP, S_RETURN_GROUP, S_RETURN_DAY,
	S_RETURN_SAME, S_CONV_FIRST, S_CONV_DAY, S_CONV_STATUS, S_CONV_JITTER,
	S_CW_STYLE, S_CW_NOISE1, S_CW_NOISE2, S_CW_DILIGENCE, S_CW_NAME,
	S_TRANSITION, S_TRANSITION_DAY,
	S_FRAIL						/* S_FRAIL .. S_FRAIL + FRAILTY_SHAPE - 1 */
};
#define CITIZEN_WEEK 0x7fff0000	/* pseudo-week of per-citizen draws */
#define NO_DAY PG_INT32_MIN		/* "no such day": day indexes may be negative */

/* ------------------------------------------------------------------------
 * Counter-based random numbers
 * ------------------------------------------------------------------------
 */
static inline uint64
mix64(uint64 z)
{
	z += UINT64CONST(0x9e3779b97f4a7c15);
	z = (z ^ (z >> 30)) * UINT64CONST(0xbf58476d1ce4e5b9);
	z = (z ^ (z >> 27)) * UINT64CONST(0x94d049bb133111eb);
	return z ^ (z >> 31);
}

/* Uniform in (0,1) for (seed, citizen, week, stream). */
static inline double
U(uint64 seedkey, int citizen, int week, int stream)
{
	uint64		h = mix64(seedkey ^ mix64((uint64) (uint32) citizen));

	h = mix64(h ^ (((uint64) (uint32) week) << 16) ^ (uint64) stream);
	return ((double) (h >> 11) + 0.5) * (1.0 / 9007199254740992.0);
}

static int
draw_index(double u, const double *share, int n)
{
	double		acc = 0.0;
	int			i;

	for (i = 0; i < n; i++)
	{
		acc += share[i];
		if (u < acc && share[i] > 0.0)
			return i;
	}
	/* rounding: last category with a positive share */
	for (i = n - 1; i > 0; i--)
		if (share[i] > 0.0)
			break;
	return i;
}

static inline int
band_of(int d)
{
	int			b;

	for (b = NBANDS - 1; b > 0; b--)
		if (d >= band_lo[b])
			break;
	return b;
}

static inline int
floordiv7(int d)
{
	return d >= 0 ? d / 7 : -((-d + 6) / 7);
}

/* ------------------------------------------------------------------------
 * Simulation state
 * ------------------------------------------------------------------------
 */
typedef struct Caseworker
{
	int			team;
	double		exit_skill;
	double		activation;
	double		diligence;
	int			style;			/* 0 average, 1 strong, 2 weak, 3 high, 4 low */
} Caseworker;

static const char *const style_name[5] = {
	"average", "strong_exits", "weak_exits", "high_activation", "low_activation"
};

typedef struct Sim
{
	uint64		seedkey;
	int			citizens;
	int			weeks;			/* W: data weeks 0..W-1 */
	DateADT		day0;			/* Monday of week 0 */
	int			nteams;
	int			ncw;
	Caseworker *cw;
	int			group_ncw[NGROUPS];	/* caseworkers serving each group */
	int		   *group_cw[NGROUPS];
	double	   *season;			/* start factor per week, index k + BURNIN */
	/* truth accumulators [type][group][horizon 0..2] */
	int64		t_n[NTYPES][NGROUPS][3];
	int64		t_y1[NTYPES][NGROUPS][3];
	int64		t_y0[NTYPES][NGROUPS][3];
	/* citizens stored so far (the number of the last one) */
	int			stored;
	/* output */
	Tuplestorestate *ts;
	TupleDesc	tupdesc;
} Sim;

static const int horizons[3] = {13, 26, 52};

typedef struct Cit
{
	int			id;				/* simulated person, 1-based: keys its random numbers */
	int			no;				/* its number in the data (syn-000001 ...); 0 = none yet */
	double		frailty;
	int			on;				/* 0 off support, 1 on support, 2 in a gap */
	bool		gone;			/* moved/deceased/transition: never returns */
	int			next_entry_week;
	int			next_entry_day;
	int			next_entry_group;
	/* current support period */
	int			period_start_week;
	int			first_group;
	int			group;
	int			spell_start;	/* day index */
	int			benefit;
	int			gap_resume;		/* day index of the next spell (on == 2) */
	int			cw;
	int			assign_start;
	bool		in_iv;
	int			iv_type;
	int			iv_group;
	int			iv_start;
	int			iv_end;			/* planned last day */
	int			iv_cw;
	double		post;
	bool		prior;
	int			next_conv;		/* week of the period of the next conversation */
	/* period outcome (for the truth runs) */
	bool		ended;			/* the period has ended */
	int			ended_week;
	bool		ended_exit;
	/* counters for source ids */
	int			n_spell, n_assign, n_conv, n_iv, n_period;
} Cit;

/* ------------------------------------------------------------------------
 * Output
 * ------------------------------------------------------------------------
 */
#define NCOLS 13

/*
 * The citizen's number in the data: the stored citizens are numbered 1, 2,
 * ... in the order of their first fact, so the ids have no gaps although
 * most simulated persons of the burn-in leave no fact.
 */
static int
citizen_no(Sim *sim, Cit *c)
{
	if (c->no == 0)
		c->no = ++sim->stored;
	return c->no;
}

static void
emit(Sim *sim, const char *rec, Cit *c, const char *source_id,
	 const char *code, const char *code2, int cw, bool has_d1, int d1,
	 bool has_d2, int d2, bool has_amount, int64 amount,
	 double v1, double v2, double v3, int64 n)
{
	Datum		values[NCOLS];
	bool		nulls[NCOLS];
	char		buf[32];

	memset(nulls, 0, sizeof(nulls));
	values[0] = CStringGetTextDatum(rec);
	if (c)
	{
		snprintf(buf, sizeof(buf), "syn-%06d", citizen_no(sim, c));
		values[1] = CStringGetTextDatum(buf);
	}
	else
		nulls[1] = true;
	values[2] = CStringGetTextDatum(source_id);
	if (code)
		values[3] = CStringGetTextDatum(code);
	else
		nulls[3] = true;
	if (code2)
		values[4] = CStringGetTextDatum(code2);
	else
		nulls[4] = true;
	if (cw >= 0)
	{
		snprintf(buf, sizeof(buf), "syn-cw%03d", cw + 1);
		values[5] = CStringGetTextDatum(buf);
	}
	else
		nulls[5] = true;
	values[6] = DateADTGetDatum(sim->day0 + d1);
	nulls[6] = !has_d1;
	values[7] = DateADTGetDatum(sim->day0 + d2);
	nulls[7] = !has_d2;
	values[8] = has_amount ? DirectFunctionCall1(int8_numeric, Int64GetDatum(amount)) : (Datum) 0;
	nulls[8] = !has_amount;
	values[9] = Float8GetDatum(v1);
	values[10] = Float8GetDatum(v2);
	values[11] = Float8GetDatum(v3);
	values[12] = Int64GetDatum(n);
	tuplestore_putvalues(sim->ts, sim->tupdesc, values, nulls);
}

static void
emit_spell(Sim *sim, Cit *c, bool closed, int end, const char *reason)
{
	char		sid[48];

	c->n_spell++;
	snprintf(sid, sizeof(sid), "syn-s-%06d-%03d", citizen_no(sim, c), c->n_spell);
	emit(sim, "spell", c, sid, group_code[c->group], reason, -1,
		 true, c->spell_start, closed, end, true, c->benefit, 0, 0, 0, 0);
}

static void
emit_assign(Sim *sim, Cit *c, bool closed, int end)
{
	char		sid[48];

	c->n_assign++;
	snprintf(sid, sizeof(sid), "syn-a-%06d-%03d", citizen_no(sim, c), c->n_assign);
	emit(sim, "assignment", c, sid, NULL, NULL, c->cw,
		 true, c->assign_start, closed, end, false, 0, 0, 0, 0, 0);
}

/* An intervention record; end is the actual (or planned) last day. */
static void
emit_iv(Sim *sim, Cit *c, int end)
{
	char		sid[48];
	int			weeks = (end - c->iv_start + 7) / 7;	/* started weeks */

	c->n_iv++;
	snprintf(sid, sizeof(sid), "syn-i-%06d-%03d", citizen_no(sim, c), c->n_iv);
	emit(sim, "intervention", c, sid, type_code[c->iv_type], group_code[c->iv_group],
		 c->iv_cw, true, c->iv_start, true, end, true,
		 (int64) weeks * cost_per_week[c->iv_type], 0, 0, 0, 0);
}

/* ------------------------------------------------------------------------
 * The weekly state machine
 * ------------------------------------------------------------------------
 */

/* Pick a caseworker serving group g (uniform over that group's caseworkers). */
static int
pick_cw(const Sim *sim, int g, double u)
{
	int			i = (int) (u * sim->group_ncw[g]);

	if (i >= sim->group_ncw[g])
		i = sim->group_ncw[g] - 1;
	return sim->group_cw[g][i];
}

static int
draw_benefit(const Sim *sim, const Cit *c, int g, int week)
{
	double		u = U(sim->seedkey, c->id, week, S_BENEFIT);

	return benefit_lo[g] + (int) (u * (benefit_hi[g] - benefit_lo[g] + 1));
}

static void
start_period(Sim *sim, Cit *c, int k, int day, int g)
{
	int			lo = conv_first_lo[g],
				hi = conv_first_hi[g];

	c->on = 1;
	c->n_period++;
	c->period_start_week = k;
	c->first_group = g;
	c->group = g;
	c->spell_start = day;
	c->benefit = draw_benefit(sim, c, g, k);
	c->cw = pick_cw(sim, g, U(sim->seedkey, c->id, k, S_ASSIGN));
	c->assign_start = day;
	c->in_iv = false;
	c->post = 1.0;
	c->prior = false;
	c->next_conv = lo + (int) (U(sim->seedkey, c->id, k, S_CONV_FIRST) * (hi - lo + 1));
	c->ended = false;
}

/*
 * Beginning of week k: entry into a new period, resumption after a gap,
 * and the group changes that happen on a Monday.
 */
static void
week_begin(Sim *sim, Cit *c, int k, bool out)
{
	int			M = 7 * k;

	if (c->on == 0)
	{
		if (!c->gone && k == c->next_entry_week)
			start_period(sim, c, k, c->next_entry_day, c->next_entry_group);
		return;
	}
	if (c->on == 2)
	{
		if (floordiv7(c->gap_resume) == k)
		{
			c->on = 1;
			c->spell_start = c->gap_resume;
			c->benefit = draw_benefit(sim, c, c->group, k);
		}
		return;
	}
	/* group changes: chained spells, the new one starting on Monday */
	{
		int			d = k - c->period_start_week;
		int			newg = -1;

		if (c->group == G_SYG && d == SYG_REVIEW_WEEK &&
			U(sim->seedkey, c->id, k, S_GROUPCHG) < syg_to_jaf_share)
			newg = G_JAF;
		else if (c->group == G_DP && d >= DP_MAX_WEEK)
			newg = G_KHJ;
		if (newg >= 0 && c->spell_start < M)
		{
			if (out)
			{
				emit_spell(sim, c, true, M - 1, "other_benefit");
				emit_assign(sim, c, true, M - 1);
			}
			c->group = newg;
			c->spell_start = M;
			c->benefit = draw_benefit(sim, c, newg, k);
			c->cw = pick_cw(sim, newg, U(sim->seedkey, c->id, k, S_ASSIGN));
			c->assign_start = M;
			c->next_conv = d;	/* a change of benefit restarts the count */
		}
	}
}

/* Is an intervention overlapping week k? */
static inline bool
iv_running(const Cit *c, int k)
{
	return c->in_iv && floordiv7(c->iv_end) >= k;
}

/* Start probability this week (citizen on support, no intervention). */
static double
start_prob(const Sim *sim, const Cit *c, int k)
{
	int			d = k - c->period_start_week;

	return start_base[c->group] * start_band_factor[band_of(d)] *
		(c->prior ? start_prior_factor : 1.0) *
		sim->season[k + BURNIN_WEEKS] * sim->cw[c->cw].activation;
}

static bool
would_start(const Sim *sim, const Cit *c, int k)
{
	if (c->on != 1 || iv_running(c, k))
		return false;
	return U(sim->seedkey, c->id, k, S_START) < start_prob(sim, c, k);
}

/* End the support period (exit or censoring) on day 'day' of week k. */
static void
end_period(Sim *sim, Cit *c, int k, int day, const char *reason, bool is_exit, bool out)
{
	if (out)
	{
		emit_spell(sim, c, true, day, reason);
		emit_assign(sim, c, true, day);
		if (c->in_iv)
			emit_iv(sim, c, Min(day, c->iv_end));
	}
	c->in_iv = false;
	c->on = 0;
	c->ended = true;
	c->ended_week = k;
	c->ended_exit = is_exit;
	if (!is_exit)
	{
		c->gone = true;
		return;
	}
	if (U(sim->seedkey, c->id, k, S_RETURN) < return_prob[c->group])
	{
		int			gap = 5 + (int) (-log(U(sim->seedkey, c->id, k, S_RETURN_GAP)) * return_gap_mean);

		c->next_entry_week = k + gap;
		c->next_entry_day = 7 * (k + gap) + (int) (U(sim->seedkey, c->id, k, S_RETURN_DAY) * 7);
		if (U(sim->seedkey, c->id, k, S_RETURN_SAME) < return_same_group)
			c->next_entry_group = c->first_group;
		else
			c->next_entry_group = draw_index(U(sim->seedkey, c->id, k, S_RETURN_GROUP),
											 entry_share, NGROUPS);
	}
	else
		c->gone = true;			/* no further periods */
}

/* A conversation in week k (out mode only); hi_day is the last possible day. */
static void
conversation(Sim *sim, Cit *c, int k, int hi_day, int reassign_day, int old_cw)
{
	int			M = 7 * k;
	int			d = k - c->period_start_week;
	int			lo = Max(M, c->spell_start);
	int			hi = Min(M + 4, hi_day);
	int			day,
				cw;
	double		us;
	const char *status;
	char		sid[48];

	if (d < c->next_conv || lo > hi)
		return;
	day = lo + (int) (U(sim->seedkey, c->id, k, S_CONV_DAY) * (hi - lo + 1));
	cw = (reassign_day != NO_DAY && day < reassign_day) ? old_cw : c->cw;
	us = U(sim->seedkey, c->id, k, S_CONV_STATUS);
	if (us < conv_noshow)
		status = "no_show";
	else if (us < conv_noshow + conv_cancel)
		status = "cancelled";
	else
		status = "held";
	c->n_conv++;
	snprintf(sid, sizeof(sid), "syn-c-%06d-%04d", citizen_no(sim, c), c->n_conv);
	emit(sim, "conversation", c, sid,
		 (c->group == G_SYG || c->group == G_JAF) ? "sick" :
		 (iv_running(c, k) ? "follow_up" : "job"),
		 status, cw, true, day, false, 0, false, 0, 0, 0, 0, 0);
	if (status[0] == 'h')
	{
		int			base = (d < 26 ? 6 : 12) +
			(int) (U(sim->seedkey, c->id, k, S_CONV_JITTER) * 3) - 1;

		c->next_conv = d + Max(1, (int) rint(base / sim->cw[cw].diligence));
	}
	else
		c->next_conv = d + 1;
}

/*
 * The rest of week k for a citizen on support: reassignment, intervention
 * start, exit/censoring/interruption, intervention completion and
 * conversations.  force_no_start suppresses a start this week (the
 * counterfactual of the truth).
 */
static void
week_main(Sim *sim, Cit *c, int k, bool out, bool force_no_start)
{
	int			M = 7 * k;
	int			d,
				b,
				lo,
				reassign_day = NO_DAY,
				old_cw = c->cw,
				new_cw = -1;
	bool		started = false;
	double		h,
				mult;
	int			end_day = NO_DAY,
				interrupt_day = NO_DAY;
	const char *reason = NULL;
	bool		is_exit = false;

	if (c->on != 1)
		return;
	d = k - c->period_start_week;
	b = band_of(d);

	/* reassignment decided now, effective mid-week (from next week's hazards) */
	if (c->assign_start < M &&
		U(sim->seedkey, c->id, k, S_REASSIGN) < reassign_hazard)
	{
		new_cw = pick_cw(sim, c->group, U(sim->seedkey, c->id, k, S_REASSIGN_CW));
		if (new_cw != c->cw)
			reassign_day = M + 1 + (int) (U(sim->seedkey, c->id, k, S_REASSIGN_DAY) * 5);
	}

	/* intervention start */
	if (!force_no_start && would_start(sim, c, k))
	{
		int			t = draw_index(U(sim->seedkey, c->id, k, S_TYPE), type_share[c->group], NTYPES);
		int			len = length_lo[t] + (int) (U(sim->seedkey, c->id, k, S_LENGTH) *
												(length_hi[t] - length_lo[t] + 1));
		int			sd = Max(M + (int) (U(sim->seedkey, c->id, k, S_START_DAY) * 5), c->spell_start);

		c->in_iv = true;
		c->iv_type = t;
		c->iv_group = c->group;
		c->iv_start = sd;
		c->iv_end = sd + 7 * len - 1;
		c->iv_cw = (reassign_day != NO_DAY && sd >= reassign_day) ? new_cw : c->cw;
		c->prior = true;
		started = true;
	}

	/* exit hazard */
	mult = iv_running(c, k) ? lockin_mult[c->iv_type] : c->post;
	h = exit_hazard[c->group][b] * sim->cw[c->cw].exit_skill * c->frailty * mult;
	if (h > HAZARD_CAP)
		h = HAZARD_CAP;
	lo = Max(M, c->spell_start);
	if (started)
		lo = Max(lo, c->iv_start);
	if (U(sim->seedkey, c->id, k, S_EXIT) < h)
	{
		end_day = lo + (int) (U(sim->seedkey, c->id, k, S_EXIT_DAY) * (M + 7 - lo));
		reason = reason_code[draw_index(U(sim->seedkey, c->id, k, S_REASON),
										reason_share[c->group], NREASONS)];
		is_exit = true;
	}
	else if (c->group == G_DP && d == DP_MAX_WEEK - 1 &&
			 U(sim->seedkey, c->id, k, S_GROUPCHG) < dp_exhausted_exit_share)
	{
		end_day = M + 6;
		reason = "other";
		is_exit = true;
	}
	else if (U(sim->seedkey, c->id, k, S_TRANSITION) < transition_hazard[c->group][b])
	{
		/* a competing event: the period ends, not as an exit */
		end_day = lo + (int) (U(sim->seedkey, c->id, k, S_TRANSITION_DAY) * (M + 7 - lo));
		reason = "other_benefit";
	}
	else
	{
		double		uc = U(sim->seedkey, c->id, k, S_CENSOR);

		if (uc < moved_hazard + deceased_hazard[c->group])
		{
			end_day = lo + (int) (U(sim->seedkey, c->id, k, S_CENSOR_DAY) * (M + 7 - lo));
			reason = uc < moved_hazard ? "moved" : "deceased";
		}
	}

	/* short interruption: the spell ends, a new one starts 1-3 weeks later */
	if (end_day == NO_DAY && !iv_running(c, k) && c->spell_start < M &&
		d != SYG_REVIEW_WEEK - 1 && d < DP_MAX_WEEK - 1 &&
		k + 4 < sim->weeks &&
		U(sim->seedkey, c->id, k, S_INTERRUPT) < interruption_hazard)
	{
		int			gap = 1 + (int) (U(sim->seedkey, c->id, k, S_INTERRUPT_GAP) * 3);

		interrupt_day = M + (int) (U(sim->seedkey, c->id, k, S_INTERRUPT_DAY) * 7);
		c->gap_resume = interrupt_day + 7 * gap;
	}

	/* reassignment cancelled when the period ends before it */
	if (reassign_day != NO_DAY && end_day != NO_DAY && reassign_day > end_day)
		reassign_day = NO_DAY;

	/* conversation of the week, with the caseworker assigned on its day */
	if (out)
	{
		int			save = c->cw;

		if (reassign_day != NO_DAY)
			c->cw = new_cw;
		conversation(sim, c, k,
					 end_day != NO_DAY ? end_day : (interrupt_day != NO_DAY ? interrupt_day : M + 6),
					 reassign_day, old_cw);
		c->cw = save;
	}
	if (reassign_day != NO_DAY)
	{
		if (out)
			emit_assign(sim, c, true, reassign_day - 1);
		c->cw = new_cw;
		c->assign_start = reassign_day;
	}

	if (end_day != NO_DAY)
	{
		end_period(sim, c, k, end_day, reason, is_exit, out);
		return;
	}

	/* intervention completed this week */
	if (c->in_iv && floordiv7(c->iv_end) == k)
	{
		if (out)
			emit_iv(sim, c, c->iv_end);
		c->in_iv = false;
		c->post = post_mult[c->iv_type][c->iv_group];
	}

	if (interrupt_day != NO_DAY)
	{
		/* the caseworker assignment continues through the short gap */
		if (out)
			emit_spell(sim, c, true, interrupt_day, "other");
		c->on = 2;
	}
}

/* Truth runs: simulate the period from week s, return the exit week or -1. */
static int
run_period(Sim *sim, Cit *c, int s, bool force_no_start, int limit)
{
	int			k;

	week_main(sim, c, s, false, force_no_start);
	for (k = s + 1; k < limit && !c->ended; k++)
	{
		week_begin(sim, c, k, false);
		week_main(sim, c, k, false, false);
	}
	if (c->ended && c->ended_exit)
		return c->ended_week;
	return -1;
}

static void
truth_for_start(Sim *sim, const Cit *c, int s)
{
	Cit			f = *c,
				cf = *c;
	int			limit = Min(sim->weeks, s + TRUTH_MAX_H);
	int			e1 = run_period(sim, &f, s, false, limit);
	int			e0 = run_period(sim, &cf, s, true, limit);
	int			t = draw_index(U(sim->seedkey, c->id, s, S_TYPE), type_share[c->group], NTYPES);
	int			j;

	for (j = 0; j < 3; j++)
	{
		int			H = horizons[j];

		if (s + H > sim->weeks)
			continue;
		sim->t_n[t][c->group][j]++;
		if (e1 >= 0 && e1 < s + H)
			sim->t_y1[t][c->group][j]++;
		if (e0 >= 0 && e0 < s + H)
			sim->t_y0[t][c->group][j]++;
	}
}

static void
simulate_citizen(Sim *sim, int id)
{
	Cit			c,
				period_start;
	int			k,
				j,
				period_week = 0;

	memset(&c, 0, sizeof(c));
	c.id = id;
	/* Gamma(FRAILTY_SHAPE, 1/FRAILTY_SHAPE): a sum of exponentials */
	c.frailty = 0.0;
	for (j = 0; j < FRAILTY_SHAPE; j++)
		c.frailty -= log(U(sim->seedkey, id, CITIZEN_WEEK, S_FRAIL + j));
	c.frailty /= FRAILTY_SHAPE;
	c.next_entry_week = -BURNIN_WEEKS +
		(int) (U(sim->seedkey, id, CITIZEN_WEEK, S_ENTRY_WEEK) * (BURNIN_WEEKS + sim->weeks));
	c.next_entry_day = 7 * c.next_entry_week +
		(int) (U(sim->seedkey, id, CITIZEN_WEEK, S_ENTRY_DAY) * 7);
	c.next_entry_group = draw_index(U(sim->seedkey, id, CITIZEN_WEEK, S_ENTRY_GROUP),
									entry_share, NGROUPS);

	/*
	 * The burn-in (weeks before 0) is simulated but leaves no fact, except
	 * for the support period running at week 0: a real extract holds it
	 * with its true start, spells, caseworkers, conversations and offers.
	 * Its start state is kept, and when the period is still running at
	 * week 0 its weeks are simulated again from there, now with output;
	 * the random numbers are the same, so is everything but the output.
	 */
	for (k = c.next_entry_week; k < sim->weeks; k++)
	{
		CHECK_FOR_INTERRUPTS();
		if (c.on == 0 && (c.gone || k < c.next_entry_week))
		{
			if (c.gone)
				break;
			k = c.next_entry_week - 1;	/* skip to the next entry */
			continue;
		}
		if (k < 0 && c.on == 0)
		{
			period_start = c;	/* the period starts in this week */
			period_week = k;
		}
		else if (k == 0 && c.on != 0)
		{
			c = period_start;
			for (j = period_week; j < 0; j++)
			{
				week_begin(sim, &c, j, true);
				week_main(sim, &c, j, true, false);
			}
		}
		week_begin(sim, &c, k, k >= 0);
		if (k >= 0 && k + horizons[0] <= sim->weeks && would_start(sim, &c, k))
			truth_for_start(sim, &c, k);
		week_main(sim, &c, k, k >= 0, false);
	}

	/* open records at the end of the data */
	if (c.on == 1)
	{
		emit_spell(sim, &c, false, 0, NULL);
		emit_assign(sim, &c, false, 0);
		if (c.in_iv)
			emit_iv(sim, &c, c.iv_end);	/* planned end: booked offer */
	}
}

/*
 * Plant one measure's styles on 2 * nstyle still average caseworkers of
 * the teams serving a group in group_mask: half the strong style, half the
 * weak one (exit skill when exits, else activation).  The scorecards'
 * reference rates are the municipality's own, per target group, so planted
 * caseworkers bunched in one team (three weak-exit caseworkers of six, say:
 * their citizens stay, so they hold half the team's citizen-weeks) would
 * shift that group's rate so far that its average caseworkers look strong.
 * Hence they are spread: candidates are taken in the random order 'order'
 * but round by round (a team gets its r-th planted caseworker only in round
 * r), a team of s caseworkers gets at most s / 3 (none in a team of two),
 * and strong and weak alternate within each team.  Fewer are planted when
 * the teams have no room.
 */
static void
plant_styles(Sim *sim, const int *order, const int *alloc, int group_mask,
			 int nstyle, bool exits)
{
	int			per_team[MAX_TEAMS] = {0};
	int		   *picked = palloc(sizeof(int) * 2 * nstyle);
	bool	   *taken = palloc0(sizeof(bool) * sim->ncw);
	int			n = 0,
				round,
				i,
				j,
				t;

	for (round = 1; round <= sim->ncw && n < 2 * nstyle; round++)
		for (i = 0; i < sim->ncw && n < 2 * nstyle; i++)
		{
			Caseworker *w = &sim->cw[order[i]];

			if (taken[order[i]] || w->style != 0 ||
				!(team_groups[w->team] & group_mask) ||
				per_team[w->team] >= round || per_team[w->team] >= alloc[w->team] / 3)
				continue;
			taken[order[i]] = true;
			per_team[w->team]++;
			picked[n++] = order[i];
		}

	/* strong, weak, strong, ... along the picks ordered by team */
	j = 0;
	for (t = 0; t < sim->nteams; t++)
		for (i = 0; i < n; i++)
		{
			Caseworker *w = &sim->cw[picked[i]];
			bool		strong;

			if (w->team != t)
				continue;
			strong = (j++ % 2) == 0;
			if (exits)
			{
				w->style = strong ? 1 : 2;
				w->exit_skill = strong ? strong_exit_skill : weak_exit_skill;
			}
			else
			{
				w->style = strong ? 3 : 4;
				w->activation = strong ? high_activation : low_activation;
			}
		}
	pfree(picked);
	pfree(taken);
}

/* Organisation: teams, caseworkers and their styles. */
static void
build_organisation(Sim *sim)
{
	int			c = sim->citizens;
	int			t,
				g,
				i,
				n;
	double		tw[MAX_TEAMS],
				total = 0.0;
	int			nserve[NGROUPS];
	int			alloc[MAX_TEAMS];
	int		   *order;
	int			nstyle,
				assigned;

	sim->nteams = 6 + (int) rint(log2(Max(1.0, c / 10000.0)));
	sim->nteams = Max(6, Min(MAX_TEAMS, sim->nteams));
	sim->ncw = (int) rint(40.0 * pow(Max(1.0, c / 10000.0), 0.3));
	sim->ncw = Max(40, Min(80, sim->ncw));

	for (g = 0; g < NGROUPS; g++)
	{
		nserve[g] = 0;
		for (t = 0; t < sim->nteams; t++)
			if (team_groups[t] & (1 << g))
				nserve[g]++;
	}
	for (t = 0; t < sim->nteams; t++)
	{
		tw[t] = 0.0;
		for (g = 0; g < NGROUPS; g++)
			if (team_groups[t] & (1 << g))
				tw[t] += group_load[g] / nserve[g];
		total += tw[t];
	}
	/* at least 2 per team, the rest proportional (largest remainder) */
	assigned = 0;
	for (t = 0; t < sim->nteams; t++)
	{
		alloc[t] = Max(2, (int) floor(tw[t] / total * sim->ncw));
		assigned += alloc[t];
	}
	while (assigned < sim->ncw)
	{
		int			best = 0;
		double		bestgap = -1e9;

		for (t = 0; t < sim->nteams; t++)
		{
			double		gap = tw[t] / total * sim->ncw - alloc[t];

			if (gap > bestgap)
			{
				bestgap = gap;
				best = t;
			}
		}
		alloc[best]++;
		assigned++;
	}
	sim->ncw = assigned;
	sim->cw = palloc0(sizeof(Caseworker) * sim->ncw);
	i = 0;
	for (t = 0; t < sim->nteams; t++)
		for (n = 0; n < alloc[t]; n++)
		{
			Caseworker *w = &sim->cw[i];
			double		a1 = U(sim->seedkey, -1 - i, CITIZEN_WEEK, S_CW_NOISE1);
			double		a2 = U(sim->seedkey, -1 - i, CITIZEN_WEEK, S_CW_NOISE2);
			double		r = sqrt(-2.0 * log(a1));

			w->team = t;
			/* Box-Muller: two independent normals for the two attributes */
			w->exit_skill = exp(average_sd * r * cos(2.0 * M_PI * a2));
			w->activation = exp(average_sd * r * sin(2.0 * M_PI * a2));
			w->diligence = 0.60 + 0.65 * U(sim->seedkey, -1 - i, CITIZEN_WEEK, S_CW_DILIGENCE);
			w->style = 0;
			i++;
		}

	/*
	 * Styles: a random order of caseworkers by seed, then plant_styles()
	 * spreads each measure's planted caseworkers over the teams (see there).
	 * The exit styles go to caseworkers of the high-turnover teams
	 * (dagpenge, sygedagpenge, jobparate) so that they are visible in a
	 * short window, the activation styles to any other caseworker.  Exit
	 * skill and activation style are therefore never both non-average for
	 * one caseworker.
	 */
	nstyle = Max(plant_min, (int) rint(sim->ncw / plant_per));
	order = palloc(sizeof(int) * sim->ncw);
	for (i = 0; i < sim->ncw; i++)
		order[i] = i;
	for (i = sim->ncw - 1; i > 0; i--)
	{
		int			j = (int) (U(sim->seedkey, -1 - i, CITIZEN_WEEK, S_CW_STYLE) * (i + 1));
		int			tmp = order[i];

		order[i] = order[j];
		order[j] = tmp;
	}
	plant_styles(sim, order, alloc, (1 << G_DP) | (1 << G_SYG) | (1 << G_KHJ),
				 nstyle, true);
	plant_styles(sim, order, alloc, ~0, nstyle, false);
	pfree(order);

	for (g = 0; g < NGROUPS; g++)
	{
		sim->group_cw[g] = palloc(sizeof(int) * sim->ncw);
		sim->group_ncw[g] = 0;
		for (i = 0; i < sim->ncw; i++)
			if (team_groups[sim->cw[i].team] & (1 << g))
				sim->group_cw[g][sim->group_ncw[g]++] = i;
		if (sim->group_ncw[g] == 0)
			elog(ERROR, "no caseworker serves group %s", group_code[g]);
	}
}

static void
emit_organisation(Sim *sim)
{
	int			t,
				i;
	char		id[32],
				name[96];

	for (t = 0; t < sim->nteams; t++)
	{
		snprintf(id, sizeof(id), "syn-t%02d", t + 1);
		emit(sim, "team", NULL, id, team_name[t], NULL, -1,
			 false, 0, false, 0, false, 0, 0, 0, 0, 0);
	}
	for (i = 0; i < sim->ncw; i++)
	{
		Caseworker *w = &sim->cw[i];

		snprintf(id, sizeof(id), "syn-t%02d", w->team + 1);
		snprintf(name, sizeof(name), "%s %s (syn %03d)",
				 first_names[(int) (U(sim->seedkey, -1 - i, CITIZEN_WEEK, S_CW_NAME) * 16)],
				 last_names[(i * 7 + 3) % 16], i + 1);
		emit(sim, "caseworker", NULL, name, id, style_name[w->style], i,
			 false, 0, false, 0, false, 0,
			 w->exit_skill, w->activation, w->diligence, 0);
	}
}

static void
emit_truth(Sim *sim)
{
	int			t,
				g,
				j;

	for (t = 0; t < NTYPES; t++)
		for (g = 0; g < NGROUPS; g++)
			for (j = 0; j < 3; j++)
				if (sim->t_n[t][g][j] > 0)
					emit(sim, "truth", NULL, "truth", type_code[t], group_code[g], -1,
						 false, 0, false, 0, false, 0,
						 (double) sim->t_y1[t][g][j], (double) sim->t_y0[t][g][j],
						 (double) horizons[j], sim->t_n[t][g][j]);
}

/*
 * synthetic_simulate(citizens int, first_week date, weeks int, seed int)
 * RETURNS TABLE(rec text, citizen_id text, source_id text, code text,
 *               code2 text, caseworker_id text, d1 date, d2 date,
 *               amount numeric, v1 float8, v2 float8, v3 float8, n int8)
 */
Datum
ekpi_synthetic_simulate(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	int32		citizens = PG_GETARG_INT32(0);
	DateADT		first_week = PG_GETARG_DATEADT(1);
	int32		weeks = PG_GETARG_INT32(2);
	int32		seed = PG_GETARG_INT32(3);
	Sim			sim;
	MemoryContext percitizen,
				old;
	int			k,
				i;

	if (citizens < 1 || citizens > MAX_CITIZENS)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("citizens must be between 1 and %d, got %d", MAX_CITIZENS, citizens)));
	if (weeks < 1 || weeks > MAX_WEEKS)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("weeks must be between 1 and %d, got %d", MAX_WEEKS, weeks)));
	if (DATE_NOT_FINITE(first_week))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("first_week must be a finite date")));
	/* 2000-01-03 (day 2) was a Monday */
	if ((((first_week - 2) % 7) + 7) % 7 != 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("first_week must be a Monday")));
	if (first_week < -700000 || first_week > 3000000)
		ereport(ERROR,
				(errcode(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE),
				 errmsg("first_week is out of the supported range")));

	InitMaterializedSRF(fcinfo, 0);

	memset(&sim, 0, sizeof(sim));
	sim.seedkey = mix64(UINT64CONST(0x5eed5eed00000000) ^ (uint64) (uint32) seed);
	sim.citizens = citizens;
	sim.weeks = weeks;
	sim.day0 = first_week;
	sim.ts = rsinfo->setResult;
	sim.tupdesc = rsinfo->setDesc;
	if (sim.tupdesc->natts != NCOLS)
		elog(ERROR, "synthetic_simulate: wrong result column count");

	/* season factor of intervention starts per week */
	sim.season = palloc(sizeof(double) * (BURNIN_WEEKS + weeks));
	for (k = -BURNIN_WEEKS; k < weeks; k++)
	{
		int			y,
					m,
					dd,
					iw;

		CHECK_FOR_INTERRUPTS();

		j2date(first_week + 7 * k + POSTGRES_EPOCH_JDATE, &y, &m, &dd);
		iw = date2isoweek(y, m, dd);
		sim.season[k + BURNIN_WEEKS] =
			(iw >= 28 && iw <= 31) ? season_summer :
			(iw >= 52 || iw == 1) ? season_christmas : 1.0;
	}

	build_organisation(&sim);
	emit_organisation(&sim);

	percitizen = AllocSetContextCreate(CurrentMemoryContext,
									   "synthetic citizen",
									   ALLOCSET_DEFAULT_SIZES);
	/*
	 * Persons are simulated until the data hold 'citizens' of them; those
	 * whose every period ended before week 0 leave no fact.  Each person has
	 * the same positive chance of being on support in the data window, so
	 * this ends; the bound only guards against a broken parameter table.
	 */
	for (i = 1; sim.stored < citizens; i++)
	{
		if (i > PERSONS_PER_CITIZEN * citizens + 1000)
			elog(ERROR, "synthetic_simulate: %d persons simulated, only %d of %d in the data",
				 i - 1, sim.stored, citizens);
		old = MemoryContextSwitchTo(percitizen);
		simulate_citizen(&sim, i);
		MemoryContextSwitchTo(old);
		MemoryContextReset(percitizen);
		CHECK_FOR_INTERRUPTS();
	}
	MemoryContextDelete(percitizen);

	emit_truth(&sim);
	return (Datum) 0;
}
