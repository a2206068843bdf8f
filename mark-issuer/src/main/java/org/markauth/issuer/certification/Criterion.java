package org.markauth.issuer.certification;

/**
 * The evaluation's dimensions, as the programme's evaluation rules name them (seeds: 标准水平,
 * 质量稳定, 科技创新, 效益提升). Each expert scores each one from 0 to 100.
 */
public enum Criterion {
    STANDARD_LEVEL("标准水平", "Standard level"),
    QUALITY_STABILITY("质量稳定", "Quality stability"),
    INNOVATION("科技创新", "Technological innovation"),
    BENEFIT("效益提升", "Benefit improvement");

    private final String zh;
    private final String en;

    Criterion(String zh, String en) {
        this.zh = zh;
        this.en = en;
    }

    public String label(boolean english) {
        return english ? en : zh;
    }
}
