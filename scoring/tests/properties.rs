//! Property tests: the rules hold for any marks, not just the examples.

mod common;

use common::*;
use proptest::prelude::*;
use rust_decimal::Decimal;
use scoring::*;

/// Theory (one aspect, one judge, step 0.5 of 100) 30%; practical (three aspects of 10, panels of
/// five, trim 1+1, step 0.5; one 0–3 judgement of 6 by three judges) 70%.
fn test_scheme() -> Scheme {
    let mut practical = component(
        "practical",
        ComponentKind::Practical,
        "70",
        None,
        vec![
            aspect(
                2,
                measurement("0.5"),
                "10",
                Aggregation::TrimmedMean { drop: 1 },
                5,
            ),
            aspect(
                3,
                measurement("0.5"),
                "10",
                Aggregation::TrimmedMean { drop: 1 },
                5,
            ),
            aspect(
                4,
                measurement("0.5"),
                "10",
                Aggregation::TrimmedMean { drop: 1 },
                5,
            ),
            aspect(5, AspectKind::Scale, "6", Aggregation::Mean, 3),
        ],
    );
    practical.total = d("36");
    scheme(vec![
        component(
            "theory",
            ComponentKind::Theory,
            "30",
            None,
            vec![aspect(1, measurement("0.5"), "100", Aggregation::Single, 1)],
        ),
        practical,
    ])
}

/// Marks for one entrant: half-steps as integers (0..=200 for theory, 0..=20 for practical).
fn entrant_marks() -> impl Strategy<Value = (u16, [[u8; 5]; 3], [u8; 3], u16)> {
    (
        0..=200_u16,
        prop::array::uniform3(prop::array::uniform5(0..=20_u8)),
        prop::array::uniform3(0..=3_u8),
        2400..3600_u16,
    )
}

fn build(
    id: u64,
    (theory, practical, grades, time): &(u16, [[u8; 5]; 3], [u8; 3], u16),
) -> EntrantSheet {
    let half = |v: u64| Decimal::new(v as i64 * 5, 1);
    let aspect_marks = |values: Vec<Decimal>| AspectMarks {
        expected: values.len() as u8,
        spread_accepted: false,
        marks: values
            .into_iter()
            .enumerate()
            .map(|(j, value)| JudgeMark {
                judge: JudgeRef(j as u64 + 1),
                value,
            })
            .collect(),
    };
    let mut aspects = vec![aspect_marks(vec![half(u64::from(*theory))])];
    for panel in practical {
        aspects.push(aspect_marks(
            panel.iter().map(|v| half(u64::from(*v))).collect(),
        ));
    }
    aspects.push(aspect_marks(
        grades.iter().map(|g| Decimal::from(*g)).collect(),
    ));
    let mut s = sheet(id, aspects);
    s.time_secs = Some(u32::from(*time));
    s
}

fn tie_breaks() -> RankingRules {
    RankingRules {
        order: vec![
            TieBreak::Total,
            TieBreak::Time,
            TieBreak::Component("practical".into()),
        ],
        ..RankingRules::default()
    }
}

fn key(r: &EntrantResult) -> (Decimal, u32, Decimal) {
    (
        -r.total,
        r.time_secs.unwrap_or(u32::MAX),
        -r.components[1].score,
    )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn ranks_follow_the_tie_break_order(entrants in prop::collection::vec(entrant_marks(), 1..30)) {
        let s = test_scheme();
        let sheets: Vec<_> = entrants.iter().enumerate().map(|(i, m)| build(i as u64, m)).collect();
        let rs = results(&s, &sheets);
        let st = rank(&s, &rs, &tie_breaks());
        let rank_of = |e: EntrantRef| st.iter().find(|s| s.entrant == e).unwrap().rank.unwrap();
        for a in &rs {
            for b in &rs {
                let (ka, kb) = (key(a), key(b));
                let (ra, rb) = (rank_of(a.entrant), rank_of(b.entrant));
                if ka < kb { prop_assert!(ra < rb); }
                if ka == kb { prop_assert_eq!(ra, rb); }
            }
        }
        // Shared ranks skip: a rank r shared by k entrants is followed by r + k.
        let mut ranks: Vec<u32> = st.iter().map(|s| s.rank.unwrap()).collect();
        ranks.sort_unstable();
        for (i, r) in ranks.iter().enumerate() {
            prop_assert_eq!(*r, 1 + ranks.iter().filter(|x| **x < *r).count() as u32);
            prop_assert!(*r as usize <= i + 1);
        }
    }

    #[test]
    fn raising_a_mark_never_lowers_the_rank(
        entrants in prop::collection::vec(entrant_marks(), 2..25),
        who in 0..25_usize,
        which in 0..3_usize,
        judge in 0..5_usize,
    ) {
        let s = test_scheme();
        let who = who % entrants.len();
        let sheets: Vec<_> = entrants.iter().enumerate().map(|(i, m)| build(i as u64, m)).collect();
        let before = rank(&s, &results(&s, &sheets), &tie_breaks());
        let mut raised = entrants.clone();
        let mark = &mut raised[who].1[which][judge];
        prop_assume!(*mark < 20);
        *mark += 1;
        let sheets: Vec<_> = raised.iter().enumerate().map(|(i, m)| build(i as u64, m)).collect();
        let after = rank(&s, &results(&s, &sheets), &tie_breaks());
        let rank_of = |st: &[Standing]| st.iter().find(|s| s.entrant == EntrantRef(who as u64)).unwrap().rank.unwrap();
        prop_assert!(rank_of(&after) <= rank_of(&before));
    }

    #[test]
    fn awards_stay_within_quotas_but_for_ties(
        totals in prop::collection::vec(50..=60_u32, 1..60),
        rounding in prop_oneof![Just(QuotaRounding::Floor), Just(QuotaRounding::Round), Just(QuotaRounding::Ceiling)],
        lower in any::<bool>(),
    ) {
        let s = hundred_point_scheme();
        let sheets: Vec<_> = totals.iter().enumerate().map(|(i, t)| scored(i as u64, &t.to_string())).collect();
        let rs = results(&s, &sheets);
        let st = rank(&s, &rs, &RankingRules::default());
        let mut rules = AwardRules::national(rounding);
        if lower { rules.boundary_tie = BoundaryTie::AllLower; }
        let awards = assign_awards(&st, &rs, &rules);
        let [c1, c2, c3] = rules.counts(totals.len() as u32);
        let bounds = [c1, c1 + c2, c1 + c2 + c3];
        let tiers = [Award::First, Award::Second, Award::Third];
        for (t, bound) in bounds.iter().enumerate() {
            // Entrants with this award or better.
            let winners: Vec<usize> = awards.iter().enumerate()
                .filter(|(_, (_, a))| a.is_some_and(|a| a <= tiers[t]))
                .map(|(i, _)| i)
                .collect();
            let n = winners.len() as u32;
            if lower {
                prop_assert!(n <= *bound);
            } else if n > *bound {
                // Only a tie straddling the boundary may exceed it.
                let at_bound = st[*bound as usize - 1].rank;
                prop_assert!(*bound > 0);
                prop_assert!(winners.iter().all(|&i| i < *bound as usize || st[i].rank == at_bound));
            }
        }
    }

    #[test]
    fn results_do_not_depend_on_the_order_marks_arrive_in(
        entrants in prop::collection::vec(entrant_marks(), 1..15),
        seed in any::<u64>(),
    ) {
        let s = test_scheme();
        let sheets: Vec<_> = entrants.iter().enumerate().map(|(i, m)| build(i as u64, m)).collect();
        let mut shuffled = sheets.clone();
        let mut x = seed | 1;
        let mut next = move || { x ^= x << 13; x ^= x >> 7; x ^= x << 17; x };
        for sh in &mut shuffled {
            for a in &mut sh.aspects {
                for i in (1..a.marks.len()).rev() {
                    let j = (next() % (i as u64 + 1)) as usize;
                    a.marks.swap(i, j);
                }
            }
        }
        for i in (1..shuffled.len()).rev() {
            let j = (next() % (i as u64 + 1)) as usize;
            shuffled.swap(i, j);
        }
        let a = results(&s, &sheets);
        let b = results(&s, &shuffled);
        for ra in &a {
            let rb = b.iter().find(|r| r.entrant == ra.entrant).unwrap();
            prop_assert_eq!(ra.total, rb.total);
            prop_assert_eq!(&ra.components, &rb.components);
            for (x, y) in ra.aspects.iter().zip(&rb.aspects) {
                prop_assert_eq!(x.mark, y.mark);
            }
        }
        prop_assert_eq!(rank(&s, &a, &tie_breaks()), rank(&s, &b, &tie_breaks()));

        // And marks recorded one by one, in any order, give the same as all at once.
        let blank: Vec<_> = sheets.iter().map(|sh| {
            let mut b = sh.clone();
            for a in &mut b.aspects { a.marks.clear(); }
            b
        }).collect();
        let mut event = Standings::new(s.clone(), tie_breaks(), blank).unwrap();
        let ids: Vec<AspectId> = s.aspects().map(|a| a.id).collect();
        for sh in &shuffled {
            for (ai, a) in sh.aspects.iter().enumerate() {
                for m in &a.marks {
                    event.record_mark(sh.entrant, ids[ai], m.judge, m.value).unwrap();
                }
            }
        }
        prop_assert_eq!(event.standings(), rank(&s, &a, &tie_breaks()));
    }
}
