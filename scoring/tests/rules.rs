//! Table-driven tests from real practice.

mod common;

use common::*;
use scoring::*;

fn one_aspect(a: Aspect, given: &[&str]) -> AspectResult {
    aggregate(&a, &marks(given), ShortPanel::KeepTrim, Rounding::MARKS)
}

#[test]
fn five_judges_drop_one_highest_and_one_lowest() {
    let a = aspect(
        1,
        measurement("0.5"),
        "10",
        Aggregation::TrimmedMean { drop: 1 },
        5,
    );
    let cases = [
        (["9.5", "9", "8", "9.5", "10"], "9.33"),
        (["10", "10", "10", "10", "10"], "10.00"),
        (["0", "10", "5", "5", "5"], "5.00"),
        (["7", "7.5", "8", "8.5", "9"], "8.00"),
    ];
    for (given, expected) in cases {
        let r = one_aspect(a.clone(), &given);
        assert_eq!(r.mark, Some(d(expected)), "{given:?}");
        assert_eq!(r.dropped.count_ones(), 2);
    }
    // Which marks were dropped is shown: the 8 (third) and the 10 (fifth).
    let r = one_aspect(a, &["9.5", "9", "8", "9.5", "10"]);
    assert!(r.is_dropped(2) && r.is_dropped(4) && !r.is_dropped(0));
}

#[test]
fn seven_judges_drop_two_and_two() {
    let a = aspect(
        1,
        AspectKind::Direct { step: d("0.1") },
        "20",
        Aggregation::TrimmedMean { drop: 2 },
        7,
    );
    let cases = [
        (["15", "16", "17", "18", "19", "12", "20"], "17.00"),
        (
            ["15.5", "15.5", "15.6", "15.9", "16", "16.1", "18"],
            "15.83",
        ),
    ];
    for (given, expected) in cases {
        assert_eq!(
            one_aspect(a.clone(), &given).mark,
            Some(d(expected)),
            "{given:?}"
        );
    }
}

#[test]
fn worldskills_judgement_with_three_judges() {
    let a = aspect(1, AspectKind::Scale, "6", Aggregation::Mean, 3);
    let cases = [
        (["2", "3", "2"], "2.3333", "4.67"),
        (["3", "3", "3"], "3", "6.00"),
        (["0", "1", "0"], "0.3333", "0.67"),
        (["1", "2", "3"], "2", "4.00"),
    ];
    for (given, aggregate, mark) in cases {
        let r = one_aspect(a.clone(), &given);
        assert_eq!(r.aggregate(), Some(d(aggregate)), "{given:?}");
        assert_eq!(r.mark, Some(d(mark)), "{given:?}");
    }
    assert!(matches!(
        one_aspect(a, &["2", "4", "2"]).status,
        AspectStatus::Invalid(ref bad) if bad.error == MarkError::NotAGrade
    ));
}

#[test]
fn measurement_kinds_and_other_aggregations() {
    let pass_fail = aspect(1, AspectKind::PassFail, "2", Aggregation::Single, 1);
    assert_eq!(one_aspect(pass_fail.clone(), &["1"]).mark, Some(d("2.00")));
    assert_eq!(one_aspect(pass_fail, &["0"]).mark, Some(d("0.00")));
    let deduction = aspect(
        1,
        AspectKind::Deduction { step: d("0.5") },
        "5",
        Aggregation::Single,
        1,
    );
    assert_eq!(
        one_aspect(deduction.clone(), &["1.5"]).mark,
        Some(d("3.50"))
    );
    assert_eq!(
        one_aspect(deduction, &["7"]).mark,
        Some(d("0.00")),
        "floored at zero"
    );
    let median = aspect(1, measurement("1"), "10", Aggregation::Median, 4);
    assert_eq!(
        one_aspect(median, &["3", "9", "5", "6"]).mark,
        Some(d("5.50"))
    );
    let consensus = aspect(1, measurement("1"), "10", Aggregation::Consensus, 3);
    assert_eq!(one_aspect(consensus.clone(), &["7"]).mark, Some(d("7.00")));
    assert!(matches!(
        one_aspect(consensus, &["7", "8", "7"]).status,
        AspectStatus::Flagged(_)
    ));
}

#[test]
fn a_missing_mark_leaves_the_aspect_incomplete_never_zero() {
    let a = aspect(
        1,
        measurement("0.5"),
        "10",
        Aggregation::TrimmedMean { drop: 1 },
        5,
    );
    let mut given = marks(&["9", "9", "9", "9"]);
    given.expected = 5;
    let r = aggregate(&a, &given, ShortPanel::KeepTrim, Rounding::MARKS);
    assert_eq!(r.status, AspectStatus::Incomplete { have: 4, need: 5 });
    assert_eq!(r.mark, None);
    let s = single(a);
    let result = score_entrant(&s, &sheet(1, vec![given]));
    assert!(!result.complete);
}

#[test]
fn a_recusal_shortens_the_panel_by_the_stated_rule() {
    let a = aspect(
        1,
        measurement("0.5"),
        "10",
        Aggregation::TrimmedMean { drop: 1 },
        5,
    );
    // One judge recused: four marks expected and given.
    let four = marks(&["6", "8", "9", "10"]);
    let keep = aggregate(&a, &four, ShortPanel::KeepTrim, Rounding::MARKS);
    assert_eq!(keep.mark, Some(d("8.50")), "4-judge trim: (8 + 9) ÷ 2");
    assert!(keep.applied.short_panel);
    let plain = aggregate(&a, &four, ShortPanel::PlainMean, Rounding::MARKS);
    assert_eq!(plain.mark, Some(d("8.25")), "plain mean of four");
    assert_eq!(plain.applied.aggregation, Aggregation::Mean);
    // Two recused from a 1+1 trim of 3: nothing would be left, so a plain mean.
    let a3 = aspect(
        2,
        measurement("0.5"),
        "10",
        Aggregation::TrimmedMean { drop: 1 },
        3,
    );
    let two = marks(&["6", "8"]);
    assert_eq!(
        aggregate(&a3, &two, ShortPanel::KeepTrim, Rounding::MARKS).mark,
        Some(d("7.00"))
    );
    // Everyone recused.
    let mut none = marks(&[]);
    none.expected = 0;
    assert_eq!(
        aggregate(&a3, &none, ShortPanel::KeepTrim, Rounding::MARKS).status,
        AspectStatus::NoPanel
    );
}

#[test]
fn a_wide_spread_is_flagged_until_the_chief_judge_accepts_it() {
    let mut a = aspect(1, AspectKind::Scale, "3", Aggregation::Mean, 3);
    a.max_spread = Some(d("1"));
    let mut given = marks(&["0", "2", "3"]);
    let r = aggregate(&a, &given, ShortPanel::KeepTrim, Rounding::MARKS);
    assert_eq!(
        r.status,
        AspectStatus::Flagged(Box::new(Disagreement {
            spread: d("3"),
            limit: d("1")
        }))
    );
    assert_eq!(r.mark, None);
    given.spread_accepted = true;
    assert_eq!(
        aggregate(&a, &given, ShortPanel::KeepTrim, Rounding::MARKS).mark,
        Some(d("1.67"))
    );
    // The spread is measured on counting marks only: a trim can remove an outlier.
    let mut trimmed = aspect(
        2,
        measurement("1"),
        "10",
        Aggregation::TrimmedMean { drop: 1 },
        5,
    );
    trimmed.max_spread = Some(d("1"));
    assert!(
        aggregate(
            &trimmed,
            &marks(&["0", "7", "8", "8", "10"]),
            ShortPanel::KeepTrim,
            Rounding::MARKS
        )
        .counts()
    );
}

#[test]
fn theory_and_practical_thirty_seventy_with_pass_marks_of_sixty() {
    let s = scheme(vec![
        component(
            "theory",
            ComponentKind::Theory,
            "30",
            Some("60"),
            vec![aspect(1, measurement("0.5"), "100", Aggregation::Single, 1)],
        ),
        component(
            "practical",
            ComponentKind::Practical,
            "70",
            Some("60"),
            vec![aspect(2, measurement("0.5"), "100", Aggregation::Single, 1)],
        ),
    ]);
    assert!(s.check().is_empty());
    let cases = [
        ("82", "90.5", "87.95", true),
        ("55", "95", "83.00", false),
        ("60", "60", "60.00", true),
        ("100", "59.5", "71.65", false),
    ];
    for (theory, practical, total, passed) in cases {
        let r = score_entrant(&s, &sheet(1, vec![marks(&[theory]), marks(&[practical])]));
        assert_eq!(r.total, d(total), "{theory}/{practical}");
        assert_eq!(r.passed, passed, "{theory}/{practical}");
        assert_eq!(r.eligible(), passed);
    }
    // A penalty comes off its component, never below zero.
    let mut penalised = sheet(1, vec![marks(&["80"]), marks(&["90"])]);
    penalised.penalties.push(Penalty {
        component: 1,
        points: d("5"),
        reason: "安全违规".into(),
    });
    assert_eq!(score_entrant(&s, &penalised).total, d("83.50"));
}

#[test]
fn schemes_are_checked_before_use() {
    let mut s = scheme(vec![
        component(
            "theory",
            ComponentKind::Theory,
            "30",
            None,
            vec![aspect(1, measurement("0.5"), "100", Aggregation::Single, 1)],
        ),
        component(
            "practical",
            ComponentKind::Practical,
            "60",
            None,
            vec![aspect(
                2,
                measurement("0.5"),
                "100",
                Aggregation::TrimmedMean { drop: 1 },
                2,
            )],
        ),
    ]);
    let errors = s.check();
    assert!(errors.contains(&SchemeError::WeightsDoNotAddUp { total: d("90") }));
    assert!(errors.contains(&SchemeError::PanelTooSmall {
        aspect: "A2".into(),
        panel: 2,
        needs: 3
    }));
    s.components[1].weight = d("70");
    s.components[1].modules[0].aspects[0].panel = 3;
    s.components[0].total = d("90");
    assert_eq!(
        s.check(),
        vec![SchemeError::TotalMismatch {
            component: "theory".into(),
            expected: d("90"),
            actual: d("100")
        }]
    );
    assert!(
        SchemeError::WeightsDoNotAddUp { total: d("90") }
            .to_string()
            .contains("100%")
    );
}

#[test]
fn marks_are_checked_against_their_aspect() {
    let a = aspect(1, measurement("0.5"), "10", Aggregation::Single, 1);
    assert_eq!(check_mark(&a, d("9.5")), Ok(()));
    assert_eq!(
        check_mark(&a, d("9.3")),
        Err(MarkError::OffStep { step: d("0.5") })
    );
    assert_eq!(
        check_mark(&a, d("10.5")),
        Err(MarkError::OutOfRange {
            min: d("0"),
            max: d("10")
        })
    );
    assert_eq!(
        check_mark(&a, d("-1")),
        Err(MarkError::OutOfRange {
            min: d("0"),
            max: d("10")
        })
    );
    assert_eq!(check_mark(&a, d("9.50001")), Err(MarkError::TooPrecise));
    let grade = aspect(2, AspectKind::Scale, "3", Aggregation::Single, 1);
    assert_eq!(check_mark(&grade, d("2.5")), Err(MarkError::NotAGrade));
    let deduction = aspect(
        3,
        AspectKind::Deduction { step: d("0.5") },
        "3",
        Aggregation::Single,
        1,
    );
    assert_eq!(
        check_mark(&deduction, d("-0.5")),
        Err(MarkError::NegativeDeduction)
    );
}

#[test]
fn quotas_of_ten_twenty_thirty_percent_in_each_rounding_mode() {
    // (actual entrants, rounding, [first, second, third], top half)
    let cases = [
        (7, QuotaRounding::Floor, [0, 1, 2], 3),
        (7, QuotaRounding::Round, [1, 1, 2], 4),
        (7, QuotaRounding::Ceiling, [1, 2, 3], 4),
        (10, QuotaRounding::Floor, [1, 2, 3], 5),
        (10, QuotaRounding::Round, [1, 2, 3], 5),
        (10, QuotaRounding::Ceiling, [1, 2, 3], 5),
        (23, QuotaRounding::Floor, [2, 4, 6], 11),
        (23, QuotaRounding::Round, [2, 5, 7], 12),
        (23, QuotaRounding::Ceiling, [3, 5, 7], 12),
        (100, QuotaRounding::Floor, [10, 20, 30], 50),
        (100, QuotaRounding::Round, [10, 20, 30], 50),
        (100, QuotaRounding::Ceiling, [10, 20, 30], 50),
    ];
    for (n, rounding, counts, half) in cases {
        let rules = AwardRules::national(rounding);
        assert_eq!(rules.counts(n), counts, "{n} entrants, {rounding:?}");
        assert_eq!(rules.top_half(n), half, "{n} entrants, {rounding:?}");
        // And they are applied: distinct totals, everyone eligible.
        let s = hundred_point_scheme();
        let sheets: Vec<_> = (0..u64::from(n))
            .map(|i| scored(i, &format!("{}", 100 - i % 100)))
            .collect();
        let rs = results(&s, &sheets);
        let standings = rank(&s, &rs, &RankingRules::default());
        let awards = assign_awards(&standings, &rs, &rules);
        let count = |a| awards.iter().filter(|(_, x)| *x == Some(a)).count() as u32;
        if n < 100 {
            assert_eq!(
                [
                    count(Award::First),
                    count(Award::Second),
                    count(Award::Third)
                ],
                counts,
                "{n} {rounding:?}"
            );
            let awarded = counts.iter().sum::<u32>();
            assert_eq!(
                count(Award::Merit),
                half.saturating_sub(awarded),
                "{n} {rounding:?}"
            );
        }
    }
}

#[test]
fn entrants_below_the_total_pass_mark_win_nothing() {
    // 10 entrants → 1 first, 2 second, 3 third; six are below the pass mark of 60.
    let s = hundred_point_scheme();
    let totals = ["95", "90", "85", "80", "59", "58", "57", "56", "55", "54"];
    let sheets: Vec<_> = totals
        .iter()
        .enumerate()
        .map(|(i, t)| scored(i as u64, t))
        .collect();
    let rs = results(&s, &sheets);
    let standings = rank(&s, &rs, &RankingRules::default());
    let mut rules = AwardRules::national(QuotaRounding::Floor);
    rules.pass_mark = Some(d("60"));
    let awards: Vec<_> = assign_awards(&standings, &rs, &rules)
        .into_iter()
        .map(|(_, a)| a)
        .collect();
    use Award::*;
    assert_eq!(
        awards,
        [
            Some(First),
            Some(Second),
            Some(Second),
            Some(Third),
            None,
            None,
            None,
            None,
            None,
            None
        ],
        "the quota's last two third prizes stay empty; no 优胜奖 below the pass mark"
    );
    // Without it, 59 and 58 take the other third prizes.
    rules.pass_mark = None;
    let awards = assign_awards(&standings, &rs, &rules);
    assert_eq!(awards[5].1, Some(Third));
}

#[test]
fn a_three_way_tie_at_the_second_prize_boundary() {
    // 10 entrants → 1 first, 2 second, 3 third. Places 2–4 tie on 90.
    let s = hundred_point_scheme();
    let totals = ["95", "90", "90", "90", "85", "80", "75", "70", "65", "60"];
    let sheets: Vec<_> = totals
        .iter()
        .enumerate()
        .map(|(i, t)| scored(i as u64, t))
        .collect();
    let rs = results(&s, &sheets);
    let standings = rank(&s, &rs, &RankingRules::default());
    let ranks: Vec<_> = standings.iter().map(|s| s.rank.unwrap()).collect();
    assert_eq!(ranks, [1, 2, 2, 2, 5, 6, 7, 8, 9, 10]);

    let mut rules = AwardRules::national(QuotaRounding::Floor);
    let awards: Vec<_> = assign_awards(&standings, &rs, &rules)
        .into_iter()
        .map(|(_, a)| a)
        .collect();
    use Award::*;
    assert_eq!(
        awards,
        [
            Some(First),
            Some(Second),
            Some(Second),
            Some(Second),
            Some(Third),
            Some(Third),
            None,
            None,
            None,
            None
        ],
        "all three tied entrants get the higher award; third prize takes places 5–6"
    );
    rules.boundary_tie = BoundaryTie::AllLower;
    let awards: Vec<_> = assign_awards(&standings, &rs, &rules)
        .into_iter()
        .map(|(_, a)| a)
        .collect();
    assert_eq!(
        awards,
        [
            Some(First),
            Some(Third),
            Some(Third),
            Some(Third),
            Some(Third),
            Some(Third),
            None,
            None,
            None,
            None
        ],
        "or all three get the lower award, if the rules say so"
    );
}

#[test]
fn tie_breaks_total_then_time_then_practical_then_theory() {
    let s = scheme(vec![
        component(
            "theory",
            ComponentKind::Theory,
            "30",
            None,
            vec![aspect(1, measurement("0.5"), "100", Aggregation::Single, 1)],
        ),
        component(
            "practical",
            ComponentKind::Practical,
            "70",
            None,
            vec![aspect(2, measurement("0.5"), "100", Aggregation::Single, 1)],
        ),
    ]);
    let rules = RankingRules {
        order: vec![
            TieBreak::Total,
            TieBreak::Time,
            TieBreak::Component("practical".into()),
            TieBreak::Component("theory".into()),
        ],
        ..RankingRules::default()
    };
    let entrant = |id, theory: &str, practical: &str, time| {
        let mut sh = sheet(id, vec![marks(&[theory]), marks(&[practical])]);
        sh.time_secs = time;
        sh
    };
    let sheets = vec![
        entrant(1, "80", "90", Some(3000)),   // 87
        entrant(2, "80", "90", Some(2900)),   // 87, faster
        entrant(3, "90", "85.5", Some(3000)), // 86.85
        entrant(4, "66", "96", Some(3100)),   // 87, slower: practical decides against 5
        entrant(5, "73", "93", Some(3100)),   // 87, same time, lower practical
        entrant(6, "73", "93", Some(3100)),   // the same as 5 in everything
        entrant(7, "100", "100", None),       // 100, no time recorded
    ];
    let rs = results(&s, &sheets);
    let standings = rank(&s, &rs, &rules);
    let order: Vec<_> = standings
        .iter()
        .map(|s| (s.entrant.0, s.rank.unwrap()))
        .collect();
    assert_eq!(
        order,
        [(7, 1), (2, 2), (1, 3), (4, 4), (5, 5), (6, 5), (3, 7)]
    );
}

#[test]
fn podium_places_need_not_be_shared_if_the_rules_say_so() {
    let s = hundred_point_scheme();
    let sheets: Vec<_> = ["90", "95", "95", "80"]
        .iter()
        .enumerate()
        .map(|(i, t)| scored(i as u64, t))
        .collect();
    let rs = results(&s, &sheets);
    let mut rules = RankingRules {
        no_shared_podium: true,
        ..RankingRules::default()
    };
    let st = rank(&s, &rs, &rules);
    assert!(
        st[0].tie_unresolved && st[1].tie_unresolved,
        "reported until the jury decides"
    );
    rules.jury_order = vec![EntrantRef(2), EntrantRef(1)];
    let st = rank(&s, &rs, &rules);
    let order: Vec<_> = st
        .iter()
        .map(|s| (s.entrant.0, s.rank.unwrap(), s.tie_unresolved))
        .collect();
    assert_eq!(
        order,
        [(2, 1, false), (1, 2, false), (0, 3, false), (3, 4, false)]
    );
}

#[test]
fn incomplete_entrants_follow_the_complete_and_others_have_no_rank() {
    let s = hundred_point_scheme();
    let mut missing = sheet(1, vec![marks(&[])]);
    missing.aspects[0].expected = 1;
    let mut withdrawn = scored(2, "99");
    withdrawn.participation = Participation::Withdrawn;
    let mut disqualified = scored(3, "98");
    disqualified.participation = Participation::Disqualified;
    let sheets = vec![
        scored(0, "60"),
        missing,
        withdrawn,
        disqualified,
        scored(4, "70"),
    ];
    let rs = results(&s, &sheets);
    let st = rank(&s, &rs, &RankingRules::default());
    let view: Vec<_> = st
        .iter()
        .map(|s| (s.entrant.0, s.rank, s.provisional))
        .collect();
    assert_eq!(
        view,
        [
            (4, Some(1), false),
            (0, Some(2), false),
            (1, Some(3), true),
            (2, None, false),
            (3, None, false)
        ]
    );
    // Quotas count the disqualified entrant (took part), not the withdrawn one: 4 actual.
    let awards = assign_awards(&st, &rs, &AwardRules::national(QuotaRounding::Ceiling));
    assert_eq!(
        awards.iter().filter(|(_, a)| a.is_some()).count(),
        2,
        "ceil(0.4)=1 first, ceil(0.8)=1 second"
    );
}

#[test]
fn standardisation_around_seven_hundred() {
    let totals = [
        (EntrantRef(1), d("80")),
        (EntrantRef(2), d("70")),
        (EntrantRef(3), d("60")),
    ];
    let out = standardise(&totals, &Standardisation::default());
    let view: Vec<_> = out.iter().map(|s| (s.score, s.medallion)).collect();
    assert_eq!(
        view,
        [
            (d("822.47"), true),
            (d("700.00"), true),
            (d("577.53"), false)
        ]
    );
    let before_2017 = Standardisation {
        centre: d("500"),
        medallion: d("700"),
        ..Standardisation::default()
    };
    assert!(
        standardise(&totals, &before_2017)
            .iter()
            .all(|s| !s.medallion)
    );
    let flat = standardise(
        &[(EntrantRef(1), d("50")), (EntrantRef(2), d("50"))],
        &Standardisation::default(),
    );
    assert!(flat.iter().all(|s| s.score == d("700.00")));
}

#[test]
fn honours_follow_rank_and_award_rules() {
    let s = hundred_point_scheme();
    let sheets: Vec<_> = ["95", "90", "85", "80", "75"]
        .iter()
        .enumerate()
        .map(|(i, t)| scored(i as u64, t))
        .collect();
    let rs = results(&s, &sheets);
    let st = rank(&s, &rs, &RankingRules::default());
    let awards = assign_awards(&st, &rs, &AwardRules::national(QuotaRounding::Ceiling));
    let rules = vec![
        HonourRule {
            honour: "technical_expert".into(),
            max_rank: Some(3),
            min_award: None,
            once_a_year: false,
        },
        HonourRule {
            honour: "labour_medal_recommendation".into(),
            max_rank: None,
            min_award: Some(Award::First),
            once_a_year: false,
        },
        HonourRule {
            honour: "level_promotion".into(),
            max_rank: Some(2),
            min_award: None,
            once_a_year: true,
        },
    ];
    let already = vec![(EntrantRef(1), "level_promotion".to_owned())];
    let honours = grant_honours(&st, &rs, &awards, &rules, &already);
    assert_eq!(
        honours[0].1,
        [
            "technical_expert",
            "labour_medal_recommendation",
            "level_promotion"
        ]
    );
    assert_eq!(
        honours[1].1,
        ["technical_expert"],
        "already promoted this year"
    );
    assert_eq!(honours[2].1, ["technical_expert"]);
    assert!(honours[3].1.is_empty());
}

#[test]
fn the_breakdown_shows_every_step() {
    let a = aspect(
        1,
        measurement("0.5"),
        "10",
        Aggregation::TrimmedMean { drop: 1 },
        5,
    );
    let s = single(a);
    let sh = sheet(9, vec![marks(&["9.5", "9", "8", "9.5", "10"])]);
    let r = score_entrant(&s, &sh);
    let text = explain(&s, &sh, &r).join("\n");
    assert!(text.contains("裁判3 8（去掉）"), "{text}");
    assert!(text.contains("裁判5 10（去掉）"), "{text}");
    assert!(
        text.contains("去掉最高、最低各 1 个后平均 9.3333 → 得分 9.33"),
        "{text}"
    );
    assert!(
        text.contains("总成绩 93.30"),
        "9.33 of 10 points, out of 100: {text}"
    );
}

#[test]
fn recording_marks_one_by_one_gives_the_full_computation() {
    let a1 = aspect(
        1,
        measurement("0.5"),
        "10",
        Aggregation::TrimmedMean { drop: 1 },
        5,
    );
    let a2 = aspect(2, AspectKind::Scale, "6", Aggregation::Mean, 3);
    let s = scheme(vec![component(
        "practical",
        ComponentKind::Practical,
        "100",
        None,
        vec![a1, a2],
    )]);
    let mut s = s;
    s.components[0].total = d("16");
    let blank = |e| {
        let mut sh = sheet(e, vec![marks(&[]), marks(&[])]);
        sh.aspects[0].expected = 5;
        sh.aspects[1].expected = 3;
        sh
    };
    let mut event =
        Standings::new(s.clone(), RankingRules::default(), vec![blank(1), blank(2)]).unwrap();
    assert!(event.results().iter().all(|r| !r.complete));
    for (j, v) in ["9.5", "9", "8", "9.5", "10"].iter().enumerate() {
        event
            .record_mark(EntrantRef(1), AspectId(1), JudgeRef(j as u64 + 1), d(v))
            .unwrap();
    }
    for (j, v) in ["2", "3", "2"].iter().enumerate() {
        event
            .record_mark(EntrantRef(1), AspectId(2), JudgeRef(j as u64 + 1), d(v))
            .unwrap();
    }
    let r = event.result(EntrantRef(1)).unwrap();
    assert!(r.complete);
    assert_eq!(
        r.total,
        d("87.50"),
        "(9.33 + 4.67) = 14 of 16 points, weighted to 100"
    );
    let full = score_entrant(&s, event.sheet(EntrantRef(1)).unwrap());
    assert_eq!(&full, r);
    // A refused mark changes nothing.
    let before = event.result(EntrantRef(1)).unwrap().clone();
    assert!(
        event
            .record_mark(EntrantRef(1), AspectId(2), JudgeRef(1), d("5"))
            .is_err()
    );
    assert_eq!(event.result(EntrantRef(1)).unwrap(), &before);
    assert_eq!(
        event.record_mark(EntrantRef(3), AspectId(2), JudgeRef(1), d("1")),
        Err(StandingsError::UnknownEntrant)
    );
}

#[test]
fn results_rank_award_and_pass_in_one_pass_with_withdrawn_and_disqualified_entrants() {
    // Twelve entered: one withdrew (not counted), one was disqualified (counted, never ranked),
    // so 11 actual entrants → rounding down 1 first, 2 second, 3 third, top half 5; a total
    // pass mark of 60 keeps the 59 out of any award.
    let s = hundred_point_scheme();
    let totals = [
        "95", "90", "88", "80", "79", "78", "59", "50", "45", "40", "99", "98",
    ];
    let mut sheets: Vec<_> = totals
        .iter()
        .enumerate()
        .map(|(i, t)| scored(i as u64, t))
        .collect();
    sheets[10].participation = Participation::Withdrawn;
    sheets[11].participation = Participation::Disqualified;
    let mut awards = AwardRules::national(QuotaRounding::Floor);
    awards.pass_mark = Some(d("60"));
    let rules = ResultRules {
        ranking: RankingRules::default(),
        awards,
        honours: vec![HonourRule {
            honour: "金华市技术能手".into(),
            max_rank: Some(3),
            min_award: None,
            once_a_year: false,
        }],
    };
    let placings = scoring::results::results(s, sheets, &rules, &[]).unwrap();
    type Row = (u64, Option<u32>, Option<Award>, bool, usize);
    let table: Vec<Row> = placings
        .iter()
        .map(|p| (p.entrant.0, p.rank, p.award, p.passed, p.honours.len()))
        .collect();
    use Award::*;
    assert_eq!(
        table,
        [
            (0, Some(1), Some(First), true, 1),
            (1, Some(2), Some(Second), true, 1),
            (2, Some(3), Some(Second), true, 1),
            (3, Some(4), Some(Third), true, 0),
            (4, Some(5), Some(Third), true, 0),
            (5, Some(6), Some(Third), true, 0),
            (6, Some(7), None, false, 0),
            (7, Some(8), None, false, 0),
            (8, Some(9), None, false, 0),
            (9, Some(10), None, false, 0),
            (10, None, None, false, 0),
            (11, None, None, false, 0),
        ]
    );
    assert_eq!(placings[0].total, d("95.00"));
    assert_eq!(placings[0].components, [d("95")]);
    assert_eq!(placings[10].participation, Participation::Withdrawn);
    assert_eq!(placings[11].participation, Participation::Disqualified);
}
